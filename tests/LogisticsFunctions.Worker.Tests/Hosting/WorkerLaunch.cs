using System.Diagnostics;
using System.Text.Json;

namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>
/// How the Functions host would start the worker in a published folder: <c>worker.config.json</c>'s
/// <c>description.defaultExecutablePath</c> (usually <c>dotnet</c>) and <c>defaultWorkerPath</c> (the app's dll).
/// </summary>
internal sealed record WorkerLaunch(string Executable, IReadOnlyList<string> Arguments)
{
    private const string WorkerRootToken = "{WorkerRoot}";

    public static WorkerLaunch FromWorkerConfig(string workerDirectory)
    {
        var configPath = Path.Combine(workerDirectory, "worker.config.json");
        if (!File.Exists(configPath))
        {
            throw new FunctionsTestHostException(
                $"'{configPath}' does not exist: '{workerDirectory}' is not a published Functions worker folder.");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(configPath));
        if (!document.RootElement.TryGetProperty("description", out var description))
        {
            throw new FunctionsTestHostException($"'{configPath}' has no 'description' object.");
        }

        var executable = Expand(ReadString(description, "defaultExecutablePath") ?? "dotnet", workerDirectory);
        var workerPath = ReadString(description, "defaultWorkerPath") is { } path ? Expand(path, workerDirectory) : null;

        var arguments = new List<string>();
        arguments.AddRange(ReadStrings(description, "arguments"));
        if (workerPath is not null)
        {
            arguments.Add(Path.IsPathRooted(workerPath) ? workerPath : Path.Combine(workerDirectory, workerPath));
        }

        arguments.AddRange(ReadStrings(description, "workerArguments"));

        var name = Path.GetFileNameWithoutExtension(executable);
        if (string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(executable))
        {
            executable = DotnetHost();
        }
        else if (!Path.IsPathRooted(executable))
        {
            executable = Path.Combine(workerDirectory, executable);
        }

        return new WorkerLaunch(executable, arguments);
    }

    /// <summary>The dotnet host running the tests when there is one, else <c>dotnet</c> from PATH.</summary>
    internal static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && string.Equals(Path.GetFileNameWithoutExtension(current), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return hostPath is not null && File.Exists(hostPath) ? hostPath : "dotnet";
    }

    public ProcessStartInfo ToStartInfo(string workingDirectory, IEnumerable<string> extraArguments)
    {
        var startInfo = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var argument in Arguments.Concat(extraArguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private static string Expand(string value, string workerDirectory) =>
        value.Replace(WorkerRootToken, Path.TrimEndingDirectorySeparator(workerDirectory) + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase);

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static IEnumerable<string> ReadStrings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!)
            : [];
}
