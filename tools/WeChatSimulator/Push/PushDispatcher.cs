namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>
/// The simulator's own pushes (testUpdateOrder's <c>add_express_path</c> events): started without holding up the call
/// that caused them, as WeChat pushes asynchronously, and delivered one after another in the order they were started,
/// so a receiver sees versions in order. Each push is a task tests can await. Disposing stops pushes still running.
/// </summary>
internal sealed partial class PushDispatcher(WeChatPusher pusher, ILogger<PushDispatcher> logger) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly List<Task<PushDelivery>> pushes = [];
    private readonly CancellationTokenSource stopping = new();
    private Task tail = Task.CompletedTask;

    public PushOptions Options => pusher.Options;

    /// <summary>Every push started so far, oldest first.</summary>
    public IReadOnlyList<Task<PushDelivery>> Pushes
    {
        get
        {
            lock (gate)
            {
                return [.. pushes];
            }
        }
    }

    /// <summary>Queues <paramref name="pathEvent"/> behind the pushes before it and returns at once.</summary>
    public void Enqueue(ExpressPathEvent pathEvent)
    {
        lock (gate)
        {
            var push = PushAfterAsync(tail, pathEvent);
            tail = push;
            pushes.Add(push);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        Task[] running;
        lock (gate)
        {
            running = [.. pushes];
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
        pusher.Dispose();
    }

    private async Task<PushDelivery> PushAfterAsync(Task previous, ExpressPathEvent pathEvent)
    {
        // Off the caller's thread from here on: the call that queued the push answers without waiting for it.
        await Task.Yield();
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var delivery = await pusher.PushAsync(pathEvent, tampering: null, stopping.Token);
        var last = delivery.Attempts[^1];
        var lastAnswer = last.StatusCode is { } status ? $"HTTP {status}" : last.Failure;
        LogPushed(logger, pathEvent.DeliveryId, pathEvent.WayBillId, pathEvent.Version, delivery.Delivered, delivery.Attempts.Count, lastAnswer);
        return delivery;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Pushed add_express_path {DeliveryId} {WayBillId} version {Version}: delivered {Delivered} after {Tries} tries, last answer {LastAnswer}")]
    private static partial void LogPushed(
        ILogger logger, string deliveryId, string wayBillId, int version, bool delivered, int tries, string? lastAnswer);
}
