namespace LogisticsFunctions.WeChat.AccessTokens;

/// <summary>
/// Paces token fetches that refusals trigger: a small burst at once, then one per interval (a token
/// bucket). A token knocked out now and then is always fetched again at once; one that is knocked out
/// again and again (another system force-refreshing in a loop) costs a handful of calls, not a flood.
/// Refills on the monotonic clock, so a stepped wall clock neither empties nor fills it.
/// Not thread-safe: the provider calls it under its lock.
/// </summary>
internal sealed class RefusalFetchBudget(int burst, TimeSpan interval, TimeProvider timeProvider)
{
    private double _available = burst;
    private long? _updatedAt;

    /// <summary>Takes one fetch if the budget has one at <paramref name="now"/> (a <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public bool TryTake(long now)
    {
        if (_updatedAt is { } updatedAt && timeProvider.GetElapsedTime(updatedAt, now) is var elapsed && elapsed > TimeSpan.Zero)
        {
            _available = Math.Min(burst, _available + (elapsed / interval));
        }

        _updatedAt = now;
        if (_available < 1)
        {
            return false;
        }

        _available--;
        return true;
    }
}
