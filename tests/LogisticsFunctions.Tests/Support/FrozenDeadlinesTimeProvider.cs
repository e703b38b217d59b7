namespace LogisticsFunctions.Tests.Support;

/// <summary>
/// The system clock, except that a timer set to go off once after exactly one of <paramref name="deadlines"/>
/// never does. For tests of what the WeChat pipeline does with prompt answers (retry counts, error mapping):
/// its attempt timeout and the request's deadline are such timers, so they cannot cut an attempt short however slowly a busy
/// machine serves it, while the retries' back-off still passes in real time. Both ways a timeout can be armed
/// are caught: a timer created with the deadline as its due time, and an idle timer later set to it (Polly
/// pools cancellation sources whose timer starts idle, then arms each with <c>CancelAfter</c>).
/// </summary>
internal sealed class FrozenDeadlinesTimeProvider(params TimeSpan[] deadlines) : TimeProvider
{
    /// <summary>The shipped deadlines frozen: WeChat's attempt timeout, the request's deadline and the vault's read timeout.</summary>
    public static FrozenDeadlinesTimeProvider ShippedDeadlines { get; } = new(
        new global::LogisticsFunctions.WeChat.Configuration.WeChatOptions().AttemptTimeout,
        new global::LogisticsFunctions.CloudCall.CloudCallOptions().RequestTimeout,
        new global::LogisticsFunctions.WeChat.Configuration.KeyVaultOptions().ReadTimeout);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new DeadlineAwareTimer(System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan), deadlines);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class DeadlineAwareTimer(ITimer timer, TimeSpan[] deadlines) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) =>
            period == Timeout.InfiniteTimeSpan && deadlines.Contains(dueTime)
                ? timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan)
                : timer.Change(dueTime, period);

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
