using System.Globalization;

namespace LogisticsFunctions.Benchmarks.Measurement;

/// <summary>
/// A process's memory as Linux accounts it, from <c>/proc/&lt;pid&gt;/status</c>: <c>VmRSS</c> (resident now) and
/// <c>VmHWM</c> (the highest resident size since the process started, the kernel's own peak, which catches spikes
/// between two samples).
/// </summary>
public readonly record struct ProcessStatus(long RssKiB, long HighWaterMarkKiB)
{
    /// <summary>Reads the status of <paramref name="processId"/>, or null when the process is gone.</summary>
    public static ProcessStatus? TryRead(int processId)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        long? rss = null;
        long? hwm = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = KiB(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = KiB(line);
            }
        }

        return rss is { } r && hwm is { } h ? new ProcessStatus(r, h) : null;
    }

    // "VmRSS:\t  123456 kB"
    private static long KiB(string line)
    {
        var value = line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
        var space = value.IndexOf(' ');
        return long.Parse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
