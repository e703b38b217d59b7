using LogisticsFunctions.Tests.Simulator;
using LogisticsFunctions.WeChatSimulator.Push;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Push;

/// <summary>
/// The simulator's pusher on WeChat's own schedule, on a fake clock: the crash tests replay it against the
/// real worker, so it must try again 5, 10 and 15 s after the first try began, whatever the tries before did.
/// </summary>
public sealed class WeChatRetryScheduleTests
{
    [Fact]
    public async Task RetriesStartFiveTenAndFifteenSecondsAfterTheFirstTry()
    {
        await using var receiver = await LoopbackPushReceiver.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Each try's own 5 s deadline is WeChat's too, but it is not what is under test here: it is set long,
        // so that moving the clock to the next retry never cuts short a try still being answered.
        using var pusher = new WeChatPusher(
            new PushOptions { TargetUrl = receiver.Url, RetryAt = PushOptions.WeChatRetrySchedule, AttemptTimeout = TimeSpan.FromHours(1) },
            time);
        receiver.ThenAnswer(500, "error");
        receiver.ThenAnswer(503, "later");
        receiver.ThenAnswer(200, "not yet");

        var delivery = pusher.PushAsync(new ExpressPathEvent("gh_0123456789ab", "OPENID", 1_700_000_000, "SF", "SF1", null, 1, []));
        var firstTry = time.GetUtcNow();
        await ReceivedAsync(receiver, 1);
        foreach (var (offset, tries) in new[] { (5, 2), (10, 3), (15, 4) })
        {
            time.Advance(firstTry + TimeSpan.FromSeconds(offset) - TimeSpan.FromTicks(1) - time.GetUtcNow());
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            Assert.Equal(tries - 1, receiver.Received.Count);
            time.Advance(TimeSpan.FromTicks(1));
            await ReceivedAsync(receiver, tries);
        }

        var done = await delivery;
        Assert.True(done.Delivered);
        Assert.Equal([500, 503, 200, 200], done.Attempts.Select(attempt => attempt.StatusCode));
    }

    [Fact]
    public void TheScheduleMustBePositiveAndAscending()
    {
        Assert.Throws<ArgumentException>(() => new WeChatPusher(new PushOptions { RetryAt = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)] }));
        Assert.Throws<ArgumentException>(() => new WeChatPusher(new PushOptions { RetryAt = [TimeSpan.Zero] }));
    }

    private static async Task ReceivedAsync(LoopbackPushReceiver receiver, int count)
    {
        // Real time bounds only a broken pusher; a working one has sent the try once the fake clock allowed it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (receiver.Received.Count < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
        }
    }
}
