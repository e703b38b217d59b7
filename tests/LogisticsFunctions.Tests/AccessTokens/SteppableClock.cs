using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>
/// A fake clock whose wall-clock time can be stepped, as NTP or an operator steps a machine's clock, while its
/// monotonic timestamp and its timers go on undisturbed: both still advance with <paramref name="time"/>.
/// </summary>
internal sealed class SteppableClock(FakeTimeProvider time) : TimeProvider
{
    private TimeSpan _step;

    public override long TimestampFrequency => time.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;

    /// <summary>Steps the wall clock by <paramref name="step"/> (negative: back), and only the wall clock.</summary>
    public void StepWallClock(TimeSpan step) => _step += step;

    public override DateTimeOffset GetUtcNow() => time.GetUtcNow() + _step;

    public override long GetTimestamp() => time.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        time.CreateTimer(callback, state, dueTime, period);
}
