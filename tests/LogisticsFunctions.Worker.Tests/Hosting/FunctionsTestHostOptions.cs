namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>What a <see cref="FunctionsTestHost"/> starts and how long it waits.</summary>
public sealed class FunctionsTestHostOptions
{
    /// <summary>The published worker folder (the one holding worker.config.json and functions.metadata).</summary>
    public required string WorkerDirectory { get; init; }

    /// <summary>
    /// App settings for the worker process, set as environment variables (e.g. <c>WeChat__AppId</c>).
    /// A null value removes a variable the test process would otherwise pass on.
    /// </summary>
    public IReadOnlyDictionary<string, string?> AppSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The whole start: process launch, connection, init, metadata and every function load.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The version the host claims in WorkerInitRequest.</summary>
    public string HostVersion { get; init; } = "4.1000.0";
}
