namespace LogisticsFunctions.WeChat.AccessTokens;

/// <summary>
/// Paces token fetches that refusals trigger: a small burst at once, then one per interval (a token
/// bucket). A token knocked out now and then is always fetched again at once; one that is knocked out
/// again and again (another system force-refreshing in a loop) costs a handful of calls, not a flood.
/// Not thread-safe: the provider calls it under its lock.
/// </summary>
internal sealed class RefusalFetchBudget(int burst, TimeSpan interval)
{
    private double _available = burst;
    private DateTimeOffset? _updatedAt;

    public bool TryTake(DateTimeOffset now)
    {
        if (_updatedAt is { } updatedAt && now > updatedAt)
        {
            _available = Math.Min(burst, _available + ((now - updatedAt) / interval));
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
