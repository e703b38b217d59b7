using LogisticsFunctions.WeChat.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.WeChat.AccessTokens;

/// <summary>
/// The instance's access token. Cached until shortly before it expires and refreshed ahead in the
/// background, so under steady load no request waits for a fetch; concurrent requests on a cold cache
/// share one fetch. A token WeChat refuses is fetched again at once, whatever its age: normal-mode
/// stable_token hands out the new token as soon as the old one is knocked out. What protects WeChat
/// from storms is the value, not the age: a fetch that began after a refusal and hands back the very
/// value refused proves fetching pointless, and that value is not fetched for again within
/// <see cref="WeChatOptions.TokenRefreshMinInterval"/>; beyond that, refusal-triggered fetches are paced.
/// </summary>
public sealed class AccessTokenProvider(
    StableTokenClient client,
    TimeProvider timeProvider,
    IOptions<WeChatOptions> options,
    ILogger<AccessTokenProvider> logger)
{
    // After a failed fetch, callers get the same failure for this long instead of a new fetch each:
    // short, so the app serves again within moments of WeChat or the vault coming back.
    internal static readonly TimeSpan FailedFetchCooldown = TimeSpan.FromSeconds(2);

    // Refusal-triggered fetches allowed at once before they are paced at one per TokenRefreshMinInterval.
    internal const int RefusalFetchBurst = 3;

    // Enough for the values that can be in play at once (the current one, the one before, a stray).
    private const int MaxRememberedRefusals = 16;

    private readonly Lock _gate = new();
    private readonly TimeSpan _minInterval = options.Value.TokenRefreshMinInterval;
    private readonly RefusalFetchBudget _refusalBudget = new(RefusalFetchBurst, options.Value.TokenRefreshMinInterval);

    // For each refused value, the sequence number the first fetch begun after its refusal gets: a fetch
    // with a lower number was already under way and may hand the refused value back without meaning anything.
    private readonly Dictionary<string, long> _refusalMarks = new(StringComparer.Ordinal);

    // Values a fetch begun after their refusal handed back: fetching for them again is pointless until then.
    private readonly Dictionary<string, DateTimeOffset> _pointlessUntil = new(StringComparer.Ordinal);

    private AccessToken? _current;
    private Fetch? _fetch;
    private long _fetchesStarted;
    private DateTimeOffset _lastRefreshStarted = DateTimeOffset.MinValue;
    private Exception? _lastFailure;
    private DateTimeOffset _lastFailureAt = DateTimeOffset.MinValue;

    /// <summary>A usable token: the cached one, or the result of the fetch in flight, or of a new fetch.</summary>
    public ValueTask<AccessToken> GetAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var current = Volatile.Read(ref _current);
        if (current is not null && now < current.UsableUntil)
        {
            if (now >= current.RefreshAt)
            {
                RefreshInBackground(now);
            }

            return ValueTask.FromResult(current);
        }

        return new ValueTask<AccessToken>(FetchShared(now).WaitAsync(cancellationToken));
    }

    /// <summary>
    /// WeChat refused <paramref name="refused"/> (40001, 42001, 40014). Returns the token to try once more
    /// with: one that already replaced it, or the result of a fetch begun after the refusal (shared by
    /// every request refused meanwhile). Returns <see langword="null"/> when trying again is pointless: the
    /// fetch handed back the very value refused, or refusal-triggered fetches are spent for now.
    /// A failed fetch throws, as <see cref="GetAsync"/> does.
    /// </summary>
    public async ValueTask<AccessToken?> RenewAfterRefusalAsync(AccessToken refused, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refused);

        // A fetch begun before the refusal (a background refresh) may hand back the refused value without
        // proving anything; then one more fetch, begun after, decides. Never more than that.
        for (var round = 0; round < 2; round++)
        {
            Fetch fetch;
            long mark;
            lock (_gate)
            {
                var now = timeProvider.GetUtcNow();
                if (IsPointless(refused.Value, now))
                {
                    return null;
                }

                if (_current is { } current && current.Value != refused.Value && now < current.UsableUntil && !IsPointless(current.Value, now))
                {
                    return current;
                }

                mark = MarkRefusal(refused.Value);
                if (_fetch is { } inFlight)
                {
                    fetch = inFlight;
                }
                else if (_refusalBudget.TryTake(now))
                {
                    fetch = StartFetch();
                }
                else
                {
                    // The refused token stays current: requests fail fast, without token calls, until the budget refills.
                    logger.LogWarning("WeChat keeps refusing new access tokens; not fetching another before {MinInterval} have passed", _minInterval);
                    return null;
                }

                // Whatever happens next, the refused value is never handed out again as if it were good.
                if (_current?.Value == refused.Value)
                {
                    _current = null;
                }
            }

            var token = await fetch.Task.WaitAsync(cancellationToken);
            lock (_gate)
            {
                if (token.Value != refused.Value)
                {
                    return IsPointless(token.Value, timeProvider.GetUtcNow()) ? null : token;
                }

                // A fetch begun after the refusal handed the refused value back: the fetch itself marked it
                // pointless when it completed, so no refusal arriving meanwhile could start another one.
                if (fetch.Sequence >= mark)
                {
                    return null;
                }
            }
        }

        return null;
    }

    /// <summary>Whether a fetch is under way (tests wait on background refreshes with it).</summary>
    internal bool IsFetching => Volatile.Read(ref _fetch) is not null;

    /// <summary>Starts a fetch if none is cached or under way; used at start-up to warm the cache.</summary>
    public Task WarmUpAsync(CancellationToken cancellationToken) => GetAsync(cancellationToken).AsTask();

    private Task<AccessToken> FetchShared(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_current is { } current && now < current.UsableUntil)
            {
                return Task.FromResult(current);
            }

            if (_fetch is not null)
            {
                return _fetch.Task;
            }

            if (_lastFailure is not null && now - _lastFailureAt < FailedFetchCooldown)
            {
                return Task.FromException<AccessToken>(_lastFailure);
            }

            return StartFetch().Task;
        }
    }

    private void RefreshInBackground(DateTimeOffset now)
    {
        Task<AccessToken> refresh;
        lock (_gate)
        {
            if (_fetch is not null || now - _lastRefreshStarted < _minInterval)
            {
                return;
            }

            _lastRefreshStarted = now;
            refresh = StartFetch().Task;
        }

        // FetchAsync logs its failures; the current token keeps serving meanwhile.
        refresh.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    // Called under _gate.
    private Fetch StartFetch()
    {
        var sequence = ++_fetchesStarted;
        return _fetch = new Fetch(SharedWork.Start(() => FetchAsync(sequence)), sequence);
    }

    // Called under _gate.
    private long MarkRefusal(string value)
    {
        if (_refusalMarks.TryGetValue(value, out var mark))
        {
            return mark;
        }

        if (_refusalMarks.Count >= MaxRememberedRefusals)
        {
            _refusalMarks.Clear();
        }

        mark = _fetchesStarted + 1;
        _refusalMarks[value] = mark;
        return mark;
    }

    // Called under _gate.
    private bool IsPointless(string value, DateTimeOffset now)
    {
        if (!_pointlessUntil.TryGetValue(value, out var until))
        {
            return false;
        }

        if (now < until)
        {
            return true;
        }

        _pointlessUntil.Remove(value);
        return false;
    }

    private async Task<AccessToken> FetchAsync(long sequence)
    {
        try
        {
            // Shared by every waiting caller, so no single caller's cancellation may stop it; the read
            // pipeline's attempt timeout and retry count, and the vault's read timeout, bound it. Each
            // caller stops waiting at its own deadline.
            var (value, expiresIn) = await client.GetAsync(CancellationToken.None);
            var fetchedAt = timeProvider.GetUtcNow();
            var token = new AccessToken(value, fetchedAt, fetchedAt + expiresIn);
            bool handedBackRefused;
            lock (_gate)
            {
                _current = token;
                _fetch = null;
                _lastFailure = null;
                // Begun after WeChat refused this very value, and handed it back: fetching for it is pointless for now.
                handedBackRefused = _refusalMarks.TryGetValue(value, out var mark) && sequence >= mark;
                if (handedBackRefused)
                {
                    _pointlessUntil[value] = fetchedAt + _minInterval;
                }
            }

            if (handedBackRefused)
            {
                logger.LogWarning(
                    "WeChat refused the access token and stable_token handed the same one back; not fetching for it again before {MinInterval} have passed",
                    _minInterval);
            }
            else
            {
                logger.LogInformation("Fetched a WeChat access token for {AppId}; it expires in {ExpiresIn}", options.Value.AppId, expiresIn);
            }

            return token;
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _fetch = null;
                _lastFailure = ex;
                _lastFailureAt = timeProvider.GetUtcNow();
            }

            logger.LogWarning("Fetching a WeChat access token for {AppId} failed: {Reason}", options.Value.AppId, ex.Message);
            throw;
        }
    }

    private sealed record Fetch(Task<AccessToken> Task, long Sequence);
}
