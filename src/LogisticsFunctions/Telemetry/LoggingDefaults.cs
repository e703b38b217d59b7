namespace LogisticsFunctions.Telemetry;

/// <summary>
/// The worker's default log levels, added as the lowest-priority configuration source so that any
/// <c>Logging__LogLevel__&lt;category&gt;</c> app setting overrides them. A successful request writes no
/// line of its own; HttpClient's four lines per call and Polly's two are dropped unless raised for
/// debugging. Retries, refusals and failures stay visible: ours are logged at Warning with their reason,
/// and HttpClient and Polly still log their own warnings and errors.
/// </summary>
internal static class LoggingDefaults
{
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };
}
