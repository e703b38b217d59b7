namespace LogisticsFunctions.Benchmarks.Startup;

/// <summary>
/// One fresh worker: from the start of <c>FunctionsTestHost.StartAsync</c> (gRPC server, process launch, handshake,
/// every function loaded) to its return; the first GetPath; the median of the warm ones after it; and the worker's
/// peak resident memory by then. Times in <see cref="System.Diagnostics.Stopwatch"/> ticks.
/// </summary>
public sealed record StartupSample(long ReadyTicks, long FirstRequestTicks, long WarmMedianTicks, long HighWaterMarkKiB);
