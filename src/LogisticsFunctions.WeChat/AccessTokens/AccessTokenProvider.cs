using LogisticsFunctions.WeChat.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.WeChat.AccessTokens;

/// <summary>
/// The instance's access token. Cached until shortly before it expires and refreshed ahead in the
/// background, so under steady load no request waits for a fetch. Concurrent requests on a cold cache
/// share one fetch. Every fetch that is not due to expiry — an early refresh, a refused token, a retry
/// after a failed fetch — is at most one per <see cref="WeChatOptions.TokenRefreshMinInterval"/>, which
/// is what keeps a flood of requests from ever becoming a flood of token calls.
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

    private readonly Lock _gate = new();
    private readonly TimeSpan _minInterval = options.Value.TokenRefreshMinInterval;
    private AccessToken? _current;
    private Task<AccessToken>? _fetch;
    private DateTimeOffset _lastFetchStarted = DateTimeOffset.MinValue;
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
    /// WeChat refused <paramref name="rejected"/> (40001, 42001, 40014): drop it, unless it is no longer
    /// the current token or it was fetched so recently that fetching again would hand back the same one.
    /// </summary>
    public void Invalidate(AccessToken rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!ReferenceEquals(_current, rejected))
            {
                return;
            }

            if (now - rejected.FetchedAt < _minInterval)
            {
                logger.LogWarning("WeChat refused an access token fetched {Age} ago; not fetching again before {MinInterval} have passed", now - rejected.FetchedAt, _minInterval);
                return;
            }

            _current = null;
        }

        logger.LogInformation("WeChat refused the cached access token; it was dropped and will be fetched again");
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
                return _fetch;
            }

            if (_lastFailure is not null && now - _lastFailureAt < FailedFetchCooldown)
            {
                return Task.FromException<AccessToken>(_lastFailure);
            }

            return StartFetch(now);
        }
    }

    private void RefreshInBackground(DateTimeOffset now)
    {
        Task<AccessToken> refresh;
        lock (_gate)
        {
            if (_fetch is not null || now - _lastFetchStarted < _minInterval)
            {
                return;
            }

            refresh = StartFetch(now);
        }

        // FetchAsync logs its failures; the current token keeps serving meanwhile.
        refresh.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    // Called under _gate.
    private Task<AccessToken> StartFetch(DateTimeOffset now)
    {
        _lastFetchStarted = now;
        return _fetch = Task.Run(FetchAsync);
    }

    private async Task<AccessToken> FetchAsync()
    {
        try
        {
            // Shared by every waiting caller, so no single caller's cancellation may stop it;
            // the WeChat pipeline's overall deadline and the vault's read timeout bound it.
            var (value, expiresIn) = await client.GetAsync(CancellationToken.None);
            var fetchedAt = timeProvider.GetUtcNow();
            var token = new AccessToken(value, fetchedAt, fetchedAt + expiresIn);
            lock (_gate)
            {
                _current = token;
                _fetch = null;
                _lastFailure = null;
            }

            logger.LogInformation("Fetched a WeChat access token for {AppId}; it expires in {ExpiresIn}", options.Value.AppId, expiresIn);
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
}
