using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChat.Http;
using LogisticsFunctions.WeChat.Secrets;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>
/// What the token provider promises, checked on the records of a stress run. Each check returns the violations it
/// found, described so that the seed and the description are enough to look into one.
/// </summary>
internal static class StressInvariants
{
    /// <summary>The longest own stack trace a failure may have as its caller catches it: a few dozen frames, never one set per caller.</summary>
    public const int MaxStackTraceLength = 16 * 1024;

    /// <summary>
    /// No call is handed a value the app knew WeChat refused before the call began, unless a stable_token request begun
    /// after that refusal had handed the value back (fetching for it is then pointless for a while, and it is served).
    /// The app knows of a refusal once a call whose first try WeChat refused has returned its answer: WeChat's client
    /// reports the refusal to the provider before it returns. WeChat's refusals here never end, so a call that returned
    /// saw its first try's token refused if WeChat refused it on any attempt.
    /// </summary>
    public static IEnumerable<string> NoRefusedValueHandedOut(IReadOnlyCollection<StressCall> calls, ScriptedWeChat weChat)
    {
        var triesByCall = weChat.BusinessLog.GroupBy(business => business.Caller)
            .ToDictionary(tries => tries.Key, tries => tries.OrderBy(business => business.Arrived).ToList());
        var knownRefusedAt = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var call in calls.Where(call => call.ErrCode is not null))
        {
            if (triesByCall.TryGetValue(call.Id, out var tries)
                && tries[0].Token is var first
                && tries.Any(business => business.Token == first && business.ErrCode != 0))
            {
                knownRefusedAt[first] = Math.Min(knownRefusedAt.GetValueOrDefault(first, long.MaxValue), call.End);
            }
        }

        foreach (var call in calls)
        {
            foreach (var business in triesByCall.GetValueOrDefault(call.Id) ?? [])
            {
                if (knownRefusedAt.TryGetValue(business.Token, out var known) && call.Start > known
                    && !(HandedBackAfterRefusal(weChat, business.Token) < business.Arrived))
                {
                    yield return $"call {call.Id} began at {call.Start} and used {business.Token} at {business.Arrived}, known refused since {known}";
                }
            }
        }
    }

    // When a stable_token request that arrived after WeChat began refusing the value handed it back anyway; null if none did.
    private static long? HandedBackAfterRefusal(ScriptedWeChat weChat, string value) =>
        weChat.RefusedSince(value) is { } since
            ? weChat.StableTokenLog.Where(request => request.Value == value && request.Arrived > since).Select(request => (long?)request.Answered).Min()
            : null;

    /// <summary>
    /// Stable_token requests stay within what the provider allows itself over <paramref name="elapsed"/> of the fake
    /// clock: refusal-triggered ones within the budget (a burst, then one per interval), refreshes ahead at most one per
    /// interval, cold ones only at start, after a failure or after a token's life (at least four minutes here); and
    /// WeChat saw no more calls than those requests can make (three attempts each, twice when the secret is re-read).
    /// </summary>
    public static IEnumerable<string> RequestsWithinBudget(TokenRequestLog requests, ScriptedWeChat weChat, TimeSpan elapsed, TimeSpan interval)
    {
        var refusal = requests.Count(nameof(FetchReason.Refusal));
        var refusalBudget = AccessTokenProvider.RefusalFetchBurst + (elapsed / interval);
        if (refusal > refusalBudget)
        {
            yield return $"{refusal} refusal-triggered requests in {elapsed}, the budget allows {refusalBudget:0.#}";
        }

        var refresh = requests.Count(nameof(FetchReason.RefreshAhead));
        if (refresh > 1 + (elapsed / interval))
        {
            yield return $"{refresh} refreshes ahead in {elapsed}, at most one per {interval}";
        }

        var cold = requests.Count(nameof(FetchReason.Cold));
        var coldAllowed = 2 + requests.Failed + (elapsed / TimeSpan.FromMinutes(4));
        if (cold > coldAllowed)
        {
            yield return $"{cold} cold requests, with {requests.Failed} failed requests in {elapsed}: at most {coldAllowed:0.#}";
        }

        if (weChat.StableTokenCalls > 6 * requests.Total)
        {
            yield return $"WeChat saw {weChat.StableTokenCalls} stable_token calls for {requests.Total} requests";
        }

        if (weChat.ForcedRefreshes > 0)
        {
            yield return $"{weChat.ForcedRefreshes} stable_token calls were not in normal mode";
        }
    }

    /// <summary>
    /// Every call ends with an answer, a <see cref="WeChatException"/> or a <see cref="SecretUnavailableException"/> that
    /// no other call got (the same object, rethrown by many, would gather every one's stack), whose own stack trace is a
    /// few frames and which names no token or secret; or, only when its own cancellation fired, an
    /// <see cref="OperationCanceledException"/>: one caller's cancellation never fails another.
    /// </summary>
    public static IEnumerable<string> OnlyDocumentedFailures(IReadOnlyCollection<StressCall> calls, IReadOnlyCollection<string> secrets)
    {
        var failures = calls.Where(call => call.Failure is not null).ToList();
        foreach (var shared in failures.GroupBy(call => call.Failure!, ReferenceEqualityComparer.Instance).Where(group => group.Count() > 1))
        {
            yield return $"calls {string.Join(", ", shared.Select(call => call.Id))} got one and the same exception: {shared.Key}";
        }

        foreach (var call in failures)
        {
            var failure = call.Failure!;
            if (failure is OperationCanceledException)
            {
                // Its stack is the cancelling thread's (Polly records it whole): no measure of the provider.
                if (!call.OwnCancellation)
                {
                    yield return $"call {call.Id} was cancelled although its own cancellation never fired: {failure}";
                }
            }
            else if (failure is not (WeChatException or SecretUnavailableException))
            {
                yield return $"call {call.Id} failed with an undocumented {failure}";
            }
            else if (call.StackTraceLength > MaxStackTraceLength)
            {
                yield return $"call {call.Id} got an exception whose stack trace is {call.StackTraceLength} characters: {failure}";
            }

            var text = failure.ToString();
            if (secrets.FirstOrDefault(secret => text.Contains(secret, StringComparison.Ordinal)) is not null)
            {
                yield return $"call {call.Id}'s exception holds a token or the secret";
            }
        }
    }
}
