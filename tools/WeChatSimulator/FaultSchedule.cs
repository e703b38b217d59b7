using System.Collections.Concurrent;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// The faults lined up for one endpoint of a fake. One-off faults go first, in order; the persistent fault, if any, applies
/// to every call after them, so a test can say "fail twice, then stay broken" or "stay broken, but first this". Public so
/// the tests' other loopback fakes (Key Vault, managed identity) schedule their faults the same way.
/// </summary>
public sealed class FaultSchedule<TFault>
    where TFault : class
{
    private readonly ConcurrentQueue<TFault> queued = new();
    private volatile TFault? persistent;

    /// <summary>Lines up <paramref name="fault"/> for the next <paramref name="times"/> calls, after those already queued.</summary>
    public void Enqueue(TFault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        for (var i = 0; i < times; i++)
        {
            queued.Enqueue(fault);
        }
    }

    /// <summary>Applies <paramref name="fault"/> to every call once the queue is empty; null ends it.</summary>
    public void SetPersistent(TFault? fault) => persistent = fault;

    /// <summary>Removes the persistent fault and any queued ones.</summary>
    public void Clear()
    {
        persistent = null;
        queued.Clear();
    }

    /// <summary>The fault for the call now arriving, or <see langword="null"/> to answer normally.</summary>
    public TFault? Next() => queued.TryDequeue(out var fault) ? fault : persistent;
}
