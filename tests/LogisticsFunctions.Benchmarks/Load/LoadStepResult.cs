using LogisticsFunctions.Benchmarks.Measurement;

namespace LogisticsFunctions.Benchmarks.Load;

/// <summary>What one concurrency level measured.</summary>
public sealed record LoadStepResult(
    int Concurrency,
    TimeSpan Elapsed,
    LatencySummary Latency,
    int Errors,
    string? FirstError,
    TimeSpan WorkerCpu,
    long PeakRssKiB,
    int MemorySamples,
    long HighWaterMarkKiB)
{
    public double RequestsPerSecond => Latency.Count / Elapsed.TotalSeconds;

    /// <summary>Worker CPU time per request (user + system), in milliseconds.</summary>
    public double WorkerCpuPerRequestMs => Latency.Count == 0 ? double.NaN : WorkerCpu.TotalMilliseconds / Latency.Count;

    /// <summary>How many cores the worker kept busy on average.</summary>
    public double WorkerCores => WorkerCpu / Elapsed;
}
