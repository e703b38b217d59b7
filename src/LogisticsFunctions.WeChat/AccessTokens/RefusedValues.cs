namespace LogisticsFunctions.WeChat.AccessTokens;

/// <summary>
/// What the provider knows about token values WeChat refused. Stable_token requests are numbered in the order they
/// begin, so a refusal is remembered as the number the first request begun after it gets: a request numbered lower
/// was already under way and may hand the refused value back without meaning anything; one numbered at or above it
/// that hands the value back proves fetching for it pointless, for a while.
/// <para>
/// Per refusal episode: the first refusal of a value opens one and its number stands for every refusal of that value
/// until a request begun after it succeeds, which answers it; a later refusal then opens a new episode with a new
/// number, so an answered refusal long ago never stands in for a new one.
/// </para>
/// <para>
/// Bounded: at most <see cref="Capacity"/> values (WeChat tells clients to keep 512 characters for a token: at most
/// 16 KB of text in all, with a few numbers each). An entry lives while its refusal is unanswered or its pointless
/// window lasts; dead entries are dropped whenever the provider writes here, and when all are alive and one more
/// comes, the oldest goes. Not thread-safe: the provider calls it under its lock. Times are
/// <see cref="TimeProvider.GetTimestamp"/> readings.
/// </para>
/// </summary>
internal sealed class RefusedValues(TimeProvider timeProvider, TimeSpan pointlessFor)
{
    /// <summary>
    /// Far more than can be in play at once: the current value, the one before it still held by requests in flight,
    /// and a stray from a request that outlived both.
    /// </summary>
    public const int Capacity = 16;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>What a successful stable_token request handing a value back means.</summary>
    public enum Verdict
    {
        /// <summary>No refusal of it is pending: a good value.</summary>
        NotRefused,

        /// <summary>Refused before the request began, and handed back anyway: fetching for it is pointless for now.</summary>
        HandedBackAfterRefusal,

        /// <summary>Refused after the request began: its answer is stale and proves nothing.</summary>
        RefusedSinceRequestBegan,
    }

    public int Count => _entries.Count;

    /// <summary>
    /// <paramref name="value"/> was refused with <paramref name="errCode"/> at <paramref name="now"/>; the first request
    /// begun after this will be number <paramref name="firstRequestAfter"/>.
    /// </summary>
    public void Refused(string value, long firstRequestAfter, int errCode, long now)
    {
        if (!_entries.TryGetValue(value, out var entry))
        {
            Prune(now);
            if (_entries.Count >= Capacity)
            {
                _entries.Remove(_entries.MinBy(pair => pair.Value.Since).Key);
            }

            _entries[value] = entry = new Entry();
        }

        // An episode under way keeps its first number; otherwise this refusal opens one.
        if (entry.Pending is null)
        {
            entry.Pending = firstRequestAfter;
            entry.PointlessSince = null;
            entry.Since = now;
        }

        entry.ErrCode = errCode;
    }

    /// <summary>Whether a request begun after a refusal of <paramref name="value"/> handed it back within the pointless window.</summary>
    public bool IsPointless(string value, long now) =>
        _entries.TryGetValue(value, out var entry) && entry.PointlessSince is { } since && timeProvider.GetElapsedTime(since, now) < pointlessFor;

    /// <summary>The errcode of the last refusal of <paramref name="value"/>, or <paramref name="otherwise"/>.</summary>
    public int ErrCodeOf(string value, int otherwise) => _entries.TryGetValue(value, out var entry) ? entry.ErrCode : otherwise;

    /// <summary>
    /// Request number <paramref name="request"/> succeeded with <paramref name="value"/> at <paramref name="now"/>. Every
    /// refusal it began after is answered by it; if <paramref name="value"/> is one of them, it is pointless to fetch for now.
    /// </summary>
    public Verdict Settle(string value, long request, long now)
    {
        var verdict = Verdict.NotRefused;
        if (_entries.TryGetValue(value, out var refused) && refused.Pending is { } first)
        {
            verdict = request >= first ? Verdict.HandedBackAfterRefusal : Verdict.RefusedSinceRequestBegan;
            if (verdict == Verdict.HandedBackAfterRefusal)
            {
                refused.PointlessSince = now;
                refused.Since = now;
            }
        }

        foreach (var entry in _entries.Values)
        {
            if (entry.Pending <= request)
            {
                entry.Pending = null;
            }
        }

        Prune(now);
        return verdict;
    }

    private void Prune(long now)
    {
        foreach (var (value, entry) in _entries)
        {
            if (entry.Pending is null && !(entry.PointlessSince is { } since && timeProvider.GetElapsedTime(since, now) < pointlessFor))
            {
                _entries.Remove(value);
            }
        }
    }

    private sealed class Entry
    {
        /// <summary>The number of the first request begun after the refusal that opened the pending episode; null when none is pending.</summary>
        public long? Pending { get; set; }

        /// <summary>When a request begun after a refusal handed the value back; null when it did not.</summary>
        public long? PointlessSince { get; set; }

        /// <summary>When the entry last opened an episode or became pointless: the oldest goes first when full.</summary>
        public long Since { get; set; }

        public int ErrCode { get; set; }
    }
}
