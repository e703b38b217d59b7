namespace LogisticsFunctions.Benchmarks.Startup;

/// <summary>
/// One fresh worker: from the start of <c>FunctionsTestHost.StartAsync</c> (gRPC server, process launch, handshake,
/// every function loaded) to its return; the first GetPath; the median of the warm ones after it; the worker's peak
/// resident memory by then; and the CPU time (user + system, all threads) the worker had used when it was ready and
/// when it had answered the first call. Times in <see cref="System.Diagnostics.Stopwatch"/> ticks. CPU time does not
/// depend on how busy the machine is the way wall time does: on an instance with a quarter of a core, the worker's
/// start takes at least its CPU time divided by 0.25.
/// </summary>
public sealed record StartupSample(
    long ReadyTicks,
    long FirstRequestTicks,
    long WarmMedianTicks,
    long HighWaterMarkKiB,
    TimeSpan CpuAtReady,
    TimeSpan CpuAfterFirstRequest);
