using LogisticsFunctions.Benchmarks.Measurement;

namespace LogisticsFunctions.Benchmarks.Load;

/// <summary>What one concurrency level measured, on a worker started for it.</summary>
public sealed record LoadStepResult(
    int Concurrency,
    TimeSpan Elapsed,
    LatencySummary Latency,
    int Errors,
    string? FirstError,
    TimeSpan WorkerCpu,
    TimeSpan HostSideCpu,
    long ReadyRssKiB,
    long PeakRssKiB,
    int MemorySamples,
    long HighWaterMarkKiB)
{
    public double RequestsPerSecond => Latency.Count / Elapsed.TotalSeconds;

    /// <summary>Worker CPU time per request (user + system), in milliseconds.</summary>
    public double WorkerCpuPerRequestMs => PerRequest(WorkerCpu);

    /// <summary>How many cores the worker kept busy on average.</summary>
    public double WorkerCores => WorkerCpu / Elapsed;

    /// <summary>This process's CPU per request: the test host's gRPC side, the simulator and the callers.</summary>
    public double HostSideCpuPerRequestMs => PerRequest(HostSideCpu);

    private double PerRequest(TimeSpan cpu) => Latency.Count == 0 ? double.NaN : cpu.TotalMilliseconds / Latency.Count;
}
