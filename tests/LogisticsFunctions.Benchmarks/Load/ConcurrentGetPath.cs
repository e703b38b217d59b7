using System.Diagnostics;
using LogisticsFunctions.Benchmarks.Measurement;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Benchmarks.Load;

/// <summary>
/// Closed-loop load: <c>concurrency</c> callers, each sending its next GetPath as soon as the last one answered,
/// until the time is up. A call in flight at the deadline is finished and counted; so is one in flight when the
/// run is cancelled (it ends within WeChat's latency), after which the run throws rather than report a short window.
/// </summary>
public static class ConcurrentGetPath
{
    public sealed record Outcome(TimeSpan Elapsed, IReadOnlyList<long> LatencyTicks, int Errors, string? FirstError);

    public static async Task<Outcome> RunAsync(FunctionsTestHost host, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var callers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => CallUntilAsync(host, deadline, cancellationToken), CancellationToken.None)).ToArray();
        var results = await Task.WhenAll(callers);
        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new Outcome(
            elapsed,
            [.. results.SelectMany(result => result.Ticks)],
            results.Sum(result => result.Errors),
            results.Select(result => result.FirstError).FirstOrDefault(error => error is not null));
    }

    private static async Task<(List<long> Ticks, int Errors, string? FirstError)> CallUntilAsync(FunctionsTestHost host, long deadline, CancellationToken cancellationToken)
    {
        var ticks = new List<long>();
        var errors = 0;
        string? firstError = null;
        while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
        {
            var (latency, error) = await TimedGetPath.CallAsync(host);
            ticks.Add(latency);
            if (error is not null)
            {
                errors++;
                firstError ??= error;
            }
        }

        return (ticks, errors, firstError);
    }
}
