using System.Diagnostics;

namespace LogisticsFunctions.Benchmarks.Measurement;

/// <summary>Percentiles of a set of latencies measured as <see cref="Stopwatch"/> ticks (nearest rank, no interpolation).</summary>
public sealed class LatencySummary
{
    private readonly long[] sorted;

    public LatencySummary(IEnumerable<long> stopwatchTicks)
    {
        ArgumentNullException.ThrowIfNull(stopwatchTicks);
        sorted = [.. stopwatchTicks];
        Array.Sort(sorted);
    }

    public int Count => sorted.Length;

    /// <summary>The <paramref name="percentile"/>th percentile (0–100) in milliseconds; NaN when there is no sample.</summary>
    public double Milliseconds(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return ToMilliseconds(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    public double Median => Milliseconds(50);

    public double Min => sorted.Length == 0 ? double.NaN : ToMilliseconds(sorted[0]);

    public double Max => sorted.Length == 0 ? double.NaN : ToMilliseconds(sorted[^1]);

    public static double ToMilliseconds(long stopwatchTicks) => stopwatchTicks * 1000.0 / Stopwatch.Frequency;
}
