using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace LogisticsFunctions.CloudCall;

/// <summary>
/// How long the Functions host lets an invocation run: host.json's <c>functionTimeout</c> (overridable
/// by the app setting <c>AzureFunctionsJobHost__functionTimeout</c>), capped by the 230 seconds after
/// which Azure's front end drops an HTTP request whatever the host's setting.
/// </summary>
public sealed class HostFunctionTimeout
{
    /// <summary>Azure's HTTP front end answers 502 to any request that takes longer (functions-scale docs).</summary>
    public static readonly TimeSpan HttpRequestLimit = TimeSpan.FromSeconds(230);

    private HostFunctionTimeout(TimeSpan value, string source)
    {
        Value = value;
        Source = source;
    }

    public TimeSpan Value { get; }

    /// <summary>Where <see cref="Value"/> came from, for messages.</summary>
    public string Source { get; }

    /// <summary>Reads the setting, then host.json in <paramref name="appDirectory"/> (the worker runs in the app's folder).</summary>
    public static HostFunctionTimeout Read(IConfiguration configuration, string appDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var setting = configuration["AzureFunctionsJobHost:functionTimeout"];
        if (TryParse(setting, out var fromSetting))
        {
            return Capped(fromSetting, "AzureFunctionsJobHost__functionTimeout");
        }

        var hostJson = Path.Combine(appDirectory, "host.json");
        if (File.Exists(hostJson))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(hostJson), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.TryGetProperty("functionTimeout", out var value)
                && value.ValueKind == JsonValueKind.String
                && TryParse(value.GetString(), out var fromFile))
            {
                return Capped(fromFile, "host.json");
            }
        }

        return new HostFunctionTimeout(HttpRequestLimit, "Azure's limit for an HTTP request");
    }

    private static HostFunctionTimeout Capped(TimeSpan timeout, string source) =>
        timeout > HttpRequestLimit || timeout < TimeSpan.Zero
            ? new HostFunctionTimeout(HttpRequestLimit, $"{source} is longer, but Azure ends HTTP requests after {HttpRequestLimit.TotalSeconds:0} s")
            : new HostFunctionTimeout(timeout, source);

    private static bool TryParse(string? text, out TimeSpan value)
    {
        // "-1" means unbounded in host.json (allowed on Premium, Dedicated and Flex Consumption plans).
        if (text == "-1")
        {
            value = TimeSpan.MaxValue;
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
