namespace LogisticsFunctions.Benchmarks.Measurement;

/// <summary>
/// Samples one process's <see cref="ProcessStatus"/> on a fixed interval in the background and keeps the highest
/// resident size seen since the last <see cref="TakeWindow"/>, so each load step reports its own peak.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly int processId;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private readonly Task loop;
    private long windowPeakRssKiB;
    private int windowSamples;

    private MemorySampler(int processId, TimeSpan interval)
    {
        this.processId = processId;
        loop = RunAsync(interval, stop.Token);
    }

    public static MemorySampler Start(int processId, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return new MemorySampler(processId, interval);
    }

    /// <summary>The peak resident size and the number of samples since the last call; starts a new window.</summary>
    public (long PeakRssKiB, int Samples) TakeWindow()
    {
        Sample();
        lock (gate)
        {
            var window = (windowPeakRssKiB, windowSamples);
            windowPeakRssKiB = 0;
            windowSamples = 0;
            return window;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            Sample();
        }
    }

    private void Sample()
    {
        if (ProcessStatus.TryRead(processId) is not { } status)
        {
            return;
        }

        lock (gate)
        {
            windowPeakRssKiB = Math.Max(windowPeakRssKiB, status.RssKiB);
            windowSamples++;
        }
    }
}
