namespace LogisticsFunctions.WeChat.Secrets;

/// <summary>
/// Reads of one secret source, shared by concurrent callers and paced, for values that a request found
/// refused (a rotated Token or key). <see cref="NextAsync"/> gives a read that starts after the call: a read
/// already under way may have begun before the source changed, so it cannot answer a caller holding a value
/// newer than what it will return. Every caller asking before that read starts shares it, and reads start
/// no sooner than <c>pace</c> after the previous one started, so requests from anyone, signed or not, cost
/// at most one read per pace, and can delay a read by no more than one pace (plus the read ahead of it).
/// Reads run without the execution context of the request that caused them (their logs belong to none).
/// </summary>
public sealed class PacedRead<T>(Func<Task<T>> read, TimeSpan pace, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private Task<T>? _running;
    private Task<T>? _waiting;

    // Completes a pace after the last read started. Created as that read starts, so the pace is measured on
    // the clock from that moment, whenever a later read comes to wait for it.
    private Task _paced = Task.CompletedTask;

    /// <summary>A read that starts after this call, shared with every caller until it starts.</summary>
    public Task<T> NextAsync()
    {
        lock (_gate)
        {
            return _waiting ??= SharedWork.Start(StartInTurnAsync);
        }
    }

    /// <summary>For a caller with no value in hand, for whom any read will do: the one under way, or the next.</summary>
    public Task<T> AnyAsync()
    {
        lock (_gate)
        {
            return _running is { IsCompleted: false } running ? running : _waiting ??= SharedWork.Start(StartInTurnAsync);
        }
    }

    private async Task<T> StartInTurnAsync()
    {
        Task? ahead;
        lock (_gate)
        {
            ahead = _running;
        }

        if (ahead is not null)
        {
            await ahead.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Task paced;
        lock (_gate)
        {
            paced = _paced;
        }

        await paced;
        lock (_gate)
        {
            // From here on this read is under way: callers asking now need the one after it.
            _running = _waiting;
            _waiting = null;
            _paced = Task.Delay(pace, timeProvider);
        }

        return await read();
    }
}
