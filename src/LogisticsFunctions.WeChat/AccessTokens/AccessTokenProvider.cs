using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Http;
using LogisticsFunctions.WeChat.Secrets;
using LogisticsFunctions.WeChat.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.WeChat.AccessTokens;

/// <summary>
/// The instance's access token. Cached until shortly before it expires and refreshed ahead in the
/// background, so under steady load no request waits for a fetch; concurrent requests on a cold cache
/// share one fetch. A token WeChat refuses is fetched again at once, whatever its age: normal-mode
/// stable_token hands out the new token as soon as the old one is knocked out. What protects WeChat
/// from storms is the value, not the age: a request to stable_token that began after a refusal and hands
/// back the very value refused proves fetching pointless, and that value is not fetched for again within
/// <see cref="WeChatOptions.TokenRefreshMinInterval"/>; beyond that, refusal-triggered fetches are paced.
/// <para>
/// What it promises under races: a value refused is never handed out again by a fetch begun before the refusal (that
/// fetch asks once more, within the pace, and everyone waiting on it gets the answer given after the refusal); no
/// caller's cancellation stops a fetch others share or leaves a refused value cached; every caller that fails gets
/// an exception of its own, of bounded size; every fetch's outcome is observed; its bookkeeping is bounded; and its
/// intervals run on the monotonic clock.
/// </para>
/// </summary>
public sealed class AccessTokenProvider(
    StableTokenClient client,
    TimeProvider timeProvider,
    IOptions<WeChatOptions> options,
    WeChatMetrics metrics,
    ILogger<AccessTokenProvider> logger)
{
    // After a failed fetch, callers get the same failure for this long instead of a new fetch each:
    // short, so the app serves again within moments of WeChat or the vault coming back.
    internal static readonly TimeSpan FailedFetchCooldown = TimeSpan.FromSeconds(2);

    // Refusal-triggered fetches allowed at once before they are paced at one per TokenRefreshMinInterval.
    internal const int RefusalFetchBurst = 3;

    internal const int MaxRememberedValues = RefusedValues.Capacity;

    private readonly Lock _gate = new();
    private readonly TimeSpan _minInterval = options.Value.TokenRefreshMinInterval;
    private readonly RefusalFetchBudget _refusalBudget = new(RefusalFetchBurst, options.Value.TokenRefreshMinInterval, timeProvider);
    private readonly RefusedValues _refused = new(timeProvider, options.Value.TokenRefreshMinInterval);

    // Every field below is written under _gate; _current and _fetch are also read without it. Times are
    // TimeProvider.GetTimestamp readings: the monotonic clock.
    private CachedToken? _current;
    private Task<FetchOutcome>? _fetch;
    private long _requestsStarted;
    private long? _lastRefreshStartedAt;
    private FetchFailure? _lastFailure;
    private long _lastFailureAt;

    // The cached token was refused and nothing has replaced it: the next fetch is a refusal-triggered one, and until
    // the budget allows it requests fail at once (FetchFailure.BudgetSpent) instead of using a value known refused.
    private int? _refusedErrCode;

    // Once the budget is spent, one warning per interval says how many requests were turned away since the last.
    private long? _budgetWarnedAt;
    private int _turnedAwaySinceWarning;

    /// <summary>A usable token: the cached one, or the result of the fetch in flight, or of a new fetch.</summary>
    public ValueTask<AccessToken> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _current) is { } current)
        {
            var (usable, dueForRefresh) = current.Judge(timeProvider);
            if (usable)
            {
                if (dueForRefresh)
                {
                    RefreshInBackground();
                }

                return ValueTask.FromResult(current.Token);
            }
        }

        return WaitForTokenAsync(cancellationToken);
    }

    /// <summary>
    /// WeChat refused <paramref name="refused"/> with <paramref name="errCode"/> (40001, 42001, 40014). Returns the token
    /// to try once more with: one that already replaced it, or the answer of a fetch begun after the refusal (shared by
    /// every request refused meanwhile). Returns <see langword="null"/> when trying again is pointless: that fetch handed
    /// back the very value refused, or refusal-triggered fetches are spent for now. A failed fetch throws, as
    /// <see cref="GetAsync"/> does. Everything the refusal changes is done before this first waits, so a caller that
    /// gives up waiting leaves the same state behind as one that waits.
    /// </summary>
    public async ValueTask<AccessToken?> RenewAfterRefusalAsync(AccessToken refused, int errCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refused);
        Task<FetchOutcome>? fetch;
        int? warnWithCount = null;
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            if (_current is { } current && current.Value != refused.Value && current.IsUsable(timeProvider, now))
            {
                // Already replaced; unless by a value itself handed back after a refusal, which WeChat refuses too.
                return _refused.IsPointless(current.Value, now) ? null : current.Token;
            }

            if (_refused.IsPointless(refused.Value, now))
            {
                return null;
            }

            _refused.Refused(refused.Value, _requestsStarted + 1, errCode, now);
            if (_current?.Value == refused.Value)
            {
                _current = null;
                _refusedErrCode = errCode;
            }

            // A fetch under way began before this refusal: if it brings the refused value back, it asks again itself.
            fetch = _fetch ?? (_refusalBudget.TryTake(now) ? StartFetch(FetchReason.Refusal) : null);
            if (fetch is null)
            {
                warnWithCount = TurnAway(now);
            }
        }

        if (fetch is null)
        {
            WarnBudgetSpent(warnWithCount);
            return null;
        }

        var outcome = await fetch.WaitAsync(cancellationToken);
        return outcome switch
        {
            { Token: { } token } => token.Value == refused.Value ? null : token,
            { Failure.IsBudgetSpent: true } => null,
            _ => throw outcome.Failure!.NewException(),
        };
    }

    /// <summary>Whether a fetch is under way (tests wait on background refreshes with it).</summary>
    internal bool IsFetching => Volatile.Read(ref _fetch) is not null;

    /// <summary>How many token values the provider remembers refusals of (tests check the bound with it).</summary>
    internal int RememberedValueCount
    {
        get
        {
            lock (_gate)
            {
                return _refused.Count;
            }
        }
    }

    /// <summary>Starts a fetch if none is cached or under way; used at start-up to warm the cache.</summary>
    public Task WarmUpAsync(CancellationToken cancellationToken) => GetAsync(cancellationToken).AsTask();

    private ValueTask<AccessToken> WaitForTokenAsync(CancellationToken cancellationToken)
    {
        Task<FetchOutcome>? fetch = null;
        FetchFailure? turnedAway = null;
        int? warnWithCount = null;
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            if (_current is { } current && current.IsUsable(timeProvider, now))
            {
                return ValueTask.FromResult(current.Token);
            }

            if (_fetch is not null)
            {
                fetch = _fetch;
            }
            else if (_lastFailure is not null && timeProvider.GetElapsedTime(_lastFailureAt, now) < FailedFetchCooldown)
            {
                return ValueTask.FromException<AccessToken>(_lastFailure.NewException());
            }
            else if (_refusedErrCode is not { } errCode)
            {
                fetch = StartFetch(FetchReason.Cold);
            }
            else if (_refusalBudget.TryTake(now))
            {
                fetch = StartFetch(FetchReason.Refusal);
            }
            else
            {
                turnedAway = FetchFailure.BudgetSpent(errCode, _minInterval);
                warnWithCount = TurnAway(now);
            }
        }

        if (fetch is null)
        {
            WarnBudgetSpent(warnWithCount);
            return ValueTask.FromException<AccessToken>(turnedAway!.NewException());
        }

        return new ValueTask<AccessToken>(WaitForAsync(fetch, cancellationToken));
    }

    private static async Task<AccessToken> WaitForAsync(Task<FetchOutcome> fetch, CancellationToken cancellationToken)
    {
        var outcome = await fetch.WaitAsync(cancellationToken);
        return outcome.Token ?? throw outcome.Failure!.NewException();
    }

    private void RefreshInBackground()
    {
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            if (_fetch is not null || (_lastRefreshStartedAt is { } last && timeProvider.GetElapsedTime(last, now) < _minInterval))
            {
                return;
            }

            _lastRefreshStartedAt = now;
            // Never awaited here: its outcome is a value, never an exception, so nothing is left unobserved.
            StartFetch(FetchReason.RefreshAhead);
        }
    }

    // Called under _gate. The request's number is taken here, under the lock, so a refusal registered after this
    // returns is numbered after it.
    private Task<FetchOutcome> StartFetch(FetchReason reason)
    {
        var request = ++_requestsStarted;
        return _fetch = SharedWork.Start(() => FetchAsync(reason, request));
    }

    // The shared fetch: asks stable_token, and asks again (within the refusal budget) while the answer is a value
    // refused after the request began. Its outcome is a value, never an exception: each waiter makes its own from it.
    private async Task<FetchOutcome> FetchAsync(FetchReason reason, long request)
    {
        while (true)
        {
            (string Value, TimeSpan ExpiresIn) answer;
            try
            {
                // Shared by every waiting caller, so no single caller's cancellation may stop it; the read
                // pipeline's attempt timeout and retry count, and the vault's read timeout, bound it. Each
                // caller stops waiting at its own deadline.
                answer = await client.GetAsync(CancellationToken.None);
            }
            catch (Exception ex)
            {
                var failure = FetchFailure.Of(ex);
                lock (_gate)
                {
                    _fetch = null;
                    _lastFailure = failure;
                    _lastFailureAt = timeProvider.GetTimestamp();
                    _refusedErrCode = null;
                }

                LogRequest(reason, Answer.Failed, default, ex);
                return new FetchOutcome(null, failure);
            }

            FetchOutcome? outcome;
            RefusedValues.Verdict verdict;
            int? warnWithCount = null;
            // Read before taking the lock: nothing a clock may run (a fake one runs due timers) runs under it.
            var receivedAt = timeProvider.GetUtcNow();
            lock (_gate)
            {
                var now = timeProvider.GetTimestamp();
                verdict = _refused.Settle(answer.Value, request, now);
                if (verdict != RefusedValues.Verdict.RefusedSinceRequestBegan)
                {
                    var token = new AccessToken(answer.Value, receivedAt, receivedAt + answer.ExpiresIn);
                    _current = new CachedToken(token, now, answer.ExpiresIn);
                    (_fetch, _lastFailure, _refusedErrCode) = (null, null, null);
                    outcome = new FetchOutcome(token, null);
                }
                else if (_current is { } current && current.IsUsable(timeProvider, now))
                {
                    // A good token is cached (this was a refresh ahead): the stale answer changes nothing.
                    _fetch = null;
                    outcome = new FetchOutcome(current.Token, null);
                }
                else if (_refusalBudget.TryTake(now))
                {
                    request = ++_requestsStarted;
                    outcome = null;
                }
                else
                {
                    _fetch = null;
                    _refusedErrCode ??= _refused.ErrCodeOf(answer.Value, otherwise: WeChatErrorCodes.InvalidCredential);
                    warnWithCount = TurnAway(now);
                    outcome = new FetchOutcome(null, FetchFailure.BudgetSpent(_refusedErrCode.Value, _minInterval));
                }
            }

            LogRequest(reason, verdict switch
            {
                RefusedValues.Verdict.HandedBackAfterRefusal => Answer.HandedBackAfterRefusal,
                RefusedValues.Verdict.RefusedSinceRequestBegan => Answer.RefusedSinceRequestBegan,
                _ => Answer.Token,
            }, answer.ExpiresIn, null);
            WarnBudgetSpent(warnWithCount);
            if (outcome is not null)
            {
                return outcome;
            }

            reason = FetchReason.Refusal;
        }
    }

    // Called under _gate when a request is refused without a fetch because the budget is spent. Returns the count to
    // warn with when a warning is due (the first, then one per interval), else null.
    private int? TurnAway(long now)
    {
        if (_budgetWarnedAt is { } warnedAt && timeProvider.GetElapsedTime(warnedAt, now) < _minInterval)
        {
            _turnedAwaySinceWarning++;
            return null;
        }

        var count = _turnedAwaySinceWarning;
        (_budgetWarnedAt, _turnedAwaySinceWarning) = (now, 0);
        return count;
    }

    private void WarnBudgetSpent(int? turnedAwaySinceLastWarning)
    {
        if (turnedAwaySinceLastWarning is { } count)
        {
            logger.LogWarning(
                "WeChat keeps refusing the access tokens it hands out and the refusal-triggered fetches are spent: none is fetched before the pace of one per {MinInterval} allows; {TurnedAway} requests refused without a fetch since the last warning",
                _minInterval,
                count);
        }
    }

    // The one place every stable_token request is recorded, with why it was made: logged, and counted in
    // wechat.access_token.fetches.
    private void LogRequest(FetchReason reason, Answer answer, TimeSpan expiresIn, Exception? failure)
    {
        metrics.AccessTokenFetched(reason, answer switch
        {
            Answer.Token => TokenFetchOutcome.Ok,
            Answer.Failed => TokenFetchOutcome.Failed,
            _ => TokenFetchOutcome.HandedBack,
        });
        var appId = options.Value.AppId;
        switch (answer)
        {
            case Answer.Token:
                logger.LogInformation("Fetched a WeChat access token for {AppId} ({FetchReason}); it expires in {ExpiresIn}", appId, reason, expiresIn);
                break;
            case Answer.HandedBackAfterRefusal:
                logger.LogWarning(
                    "WeChat refused the access token and stable_token handed the same one back ({FetchReason}); not fetching for it again before {MinInterval} have passed",
                    reason,
                    _minInterval);
                break;
            case Answer.RefusedSinceRequestBegan:
                logger.LogInformation(
                    "stable_token handed back an access token WeChat refused after the request began ({FetchReason}); it is not used", reason);
                break;
            case Answer.Failed when failure is WeChatException or SecretUnavailableException:
                logger.LogWarning("Fetching a WeChat access token for {AppId} failed ({FetchReason}): {Reason}", appId, reason, failure.Message);
                break;
            default:
                // A defect, not a failure the fetch knows: logged once here with its stack; callers get a plain description.
                logger.LogError(failure, "Fetching a WeChat access token for {AppId} failed unexpectedly ({FetchReason})", appId, reason);
                break;
        }
    }

    private enum Answer
    {
        Token,
        HandedBackAfterRefusal,
        RefusedSinceRequestBegan,
        Failed,
    }

    // What every waiter of one fetch learns: the token, or what to make its own exception from.
    private sealed record FetchOutcome(AccessToken? Token, FetchFailure? Failure);
}
