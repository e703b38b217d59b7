using LogisticsFunctions.Webhooks;

namespace LogisticsFunctions.Tests.Webhooks;

public sealed class WebhookRetryScheduleTests
{
    [Fact]
    public void Without_jitter_the_delays_are_the_specifications_example_schedule()
    {
        var schedule = new WebhookRetrySchedule(new FixedRandom(0.5));

        var delays = Enumerable.Range(1, 9).Select(attempts => schedule.DelayAfter(attempts, retryAfter: null)).ToList();

        Assert.Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
             TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24)],
            delays);
        Assert.Equal(10, WebhookRetrySchedule.MaxAttempts);
        Assert.Null(schedule.DelayAfter(10, retryAfter: null));
        Assert.Equal(new TimeSpan(3, 3, 35, 5), delays.Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay!.Value));
    }

    [Theory]
    [InlineData(0.0, 270, 32_400)]
    [InlineData(0.25, 285, 34_200)]
    [InlineData(0.75, 315, 37_800)]
    [InlineData(0.9999999, 330, 39_600)]
    public void Jitter_varies_a_delay_by_at_most_a_tenth_either_way_in_whole_seconds(double random, int afterSecond, int afterSixth)
    {
        var schedule = new WebhookRetrySchedule(new FixedRandom(random));

        Assert.Equal(TimeSpan.FromSeconds(afterSecond), schedule.DelayAfter(2, retryAfter: null));
        Assert.Equal(TimeSpan.FromSeconds(afterSixth), schedule.DelayAfter(6, retryAfter: null));
        // The first step, 5 s, moves by less than a second and so stays 5 s: the queue counts visibility in seconds.
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.DelayAfter(1, retryAfter: null));
    }

    [Fact]
    public void Retry_After_is_a_floor_capped_at_a_day()
    {
        var schedule = new WebhookRetrySchedule(new FixedRandom(0.5));

        Assert.Equal(TimeSpan.FromHours(1), schedule.DelayAfter(1, TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromMinutes(30), schedule.DelayAfter(3, TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromHours(24), schedule.DelayAfter(2, TimeSpan.FromDays(30)));
        Assert.Null(schedule.DelayAfter(10, TimeSpan.FromSeconds(1)));
    }
}
