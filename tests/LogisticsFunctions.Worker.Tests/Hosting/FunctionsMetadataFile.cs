using System.Text.Json;
using LogisticsFunctions.Worker.Tests.Rpc;

namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>
/// Host-side indexing: what the host does when a worker asks for it (use_default_metadata_indexing) or
/// returns metadata without the parsed <c>bindings</c> map: read <c>functions.metadata</c> and turn each
/// raw binding JSON into a <see cref="BindingInfo"/>.
/// </summary>
internal static class FunctionsMetadataFile
{
    public static List<RpcFunctionMetadata> Read(string workerDirectory)
    {
        var path = Path.Combine(workerDirectory, "functions.metadata");
        if (!File.Exists(path))
        {
            throw new FunctionsTestHostException($"The worker asked for host indexing, but '{path}' does not exist.");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var functions = new List<RpcFunctionMetadata>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var function = new RpcFunctionMetadata
            {
                Name = entry.GetProperty("name").GetString() ?? string.Empty,
                ScriptFile = entry.TryGetProperty("scriptFile", out var scriptFile) ? scriptFile.GetString() ?? string.Empty : string.Empty,
                EntryPoint = entry.TryGetProperty("entryPoint", out var entryPoint) ? entryPoint.GetString() ?? string.Empty : string.Empty,
                Language = entry.TryGetProperty("language", out var language) ? language.GetString() ?? string.Empty : string.Empty,
                Directory = workerDirectory,
                FunctionId = Guid.NewGuid().ToString(),
            };
            if (entry.TryGetProperty("bindings", out var bindings))
            {
                function.RawBindings.AddRange(bindings.EnumerateArray().Select(binding => binding.GetRawText()));
            }

            AddBindingsFromRaw(function);
            functions.Add(function);
        }

        return functions;
    }

    public static void AddBindingsFromRaw(RpcFunctionMetadata function)
    {
        foreach (var raw in function.RawBindings)
        {
            using var document = JsonDocument.Parse(raw);
            var binding = document.RootElement;
            var name = binding.GetProperty("name").GetString() ?? string.Empty;
            var direction = binding.TryGetProperty("direction", out var directionValue)
                && Enum.TryParse<BindingInfo.Types.Direction>(directionValue.GetString(), ignoreCase: true, out var parsed)
                ? parsed
                : BindingInfo.Types.Direction.In;
            var info = new BindingInfo
            {
                Type = binding.TryGetProperty("type", out var type) ? type.GetString() ?? string.Empty : string.Empty,
                Direction = direction,
            };
            if (binding.TryGetProperty("dataType", out var dataTypeValue)
                && Enum.TryParse<BindingInfo.Types.DataType>(dataTypeValue.GetString(), ignoreCase: true, out var dataType))
            {
                info.DataType = dataType;
            }

            function.Bindings[name] = info;
        }
    }
}
