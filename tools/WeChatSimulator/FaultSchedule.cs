using System.Collections.Concurrent;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// The faults lined up for one endpoint. One-off faults go first, in order; the persistent fault, if any, applies to every
/// call after them, so a test can say "fail twice, then stay broken" or "stay broken, but first this".
/// </summary>
internal sealed class FaultSchedule
{
    private readonly ConcurrentQueue<SimulatorFault> queued = new();
    private volatile SimulatorFault? persistent;

    public void Enqueue(SimulatorFault fault, int times)
    {
        for (var i = 0; i < times; i++)
        {
            queued.Enqueue(fault);
        }
    }

    public void SetPersistent(SimulatorFault? fault) => persistent = fault;

    /// <summary>The fault for the call now arriving, or <see langword="null"/> to answer normally.</summary>
    public SimulatorFault? Next() => queued.TryDequeue(out var fault) ? fault : persistent;
}
