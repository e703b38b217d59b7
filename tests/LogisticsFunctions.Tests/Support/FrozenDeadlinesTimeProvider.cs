using System.Collections.Concurrent;

namespace LogisticsFunctions.Tests.Support;

/// <summary>
/// The system clock, except that a timer set to go off once after exactly one of <paramref name="deadlines"/>
/// never does. For tests of what the WeChat pipeline does with prompt answers (retry counts, error mapping):
/// its attempt timeout and the request's deadline are such timers, so they cannot cut an attempt short however slowly a busy
/// machine serves it, while the retries' back-off still passes in real time. Both ways a timeout can be armed
/// are caught: a timer created with the deadline as its due time, and an idle timer later set to it (Polly
/// pools cancellation sources whose timer starts idle, then arms each with <c>CancelAfter</c>).
/// One made by <see cref="Releasable"/> lets the deadlines it holds fall when the test says (<see cref="Release"/>).
/// </summary>
internal sealed class FrozenDeadlinesTimeProvider(params TimeSpan[] deadlines) : TimeProvider
{
    /// <summary>The shipped deadlines frozen: WeChat's attempt timeout, the request's deadline and the vault's read timeout.</summary>
    public static FrozenDeadlinesTimeProvider ShippedDeadlines { get; } = new(
        new global::LogisticsFunctions.WeChat.Configuration.WeChatOptions().AttemptTimeout,
        new global::LogisticsFunctions.CloudCall.CloudCallOptions().RequestTimeout,
        new global::LogisticsFunctions.WeChat.Configuration.KeyVaultOptions().ReadTimeout);

    // Only a releasable clock keeps what it holds: the shared one would keep every request's deadline alive.
    private ConcurrentQueue<DeadlineAwareTimer>? _held;

    /// <summary>A clock holding <paramref name="deadlines"/> until <see cref="Release"/>.</summary>
    public static FrozenDeadlinesTimeProvider Releasable(params TimeSpan[] deadlines) => new(deadlines) { _held = new() };

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new DeadlineAwareTimer(System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan), deadlines, _held);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Every deadline held now falls at once; a timer re-armed or disposed since it was held is left alone.</summary>
    public void Release()
    {
        var held = _held ?? throw new InvalidOperationException("This clock was not made releasable.");
        while (held.TryDequeue(out var timer))
        {
            timer.FallIfHeld();
        }
    }

    private sealed class DeadlineAwareTimer(ITimer timer, TimeSpan[] deadlines, ConcurrentQueue<DeadlineAwareTimer>? held) : ITimer
    {
        private readonly Lock _gate = new();
        private bool _holding;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _holding = period == Timeout.InfiniteTimeSpan && deadlines.Contains(dueTime);
                if (!_holding)
                {
                    return timer.Change(dueTime, period);
                }
            }

            held?.Enqueue(this);
            return timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public void FallIfHeld()
        {
            lock (_gate)
            {
                if (_holding)
                {
                    _holding = false;
                    timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _holding = false;
            }

            timer.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
