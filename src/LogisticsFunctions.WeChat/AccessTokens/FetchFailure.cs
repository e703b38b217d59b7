using LogisticsFunctions.WeChat.Http;
using LogisticsFunctions.WeChat.Secrets;

namespace LogisticsFunctions.WeChat.AccessTokens;

/// <summary>
/// Why a fetch gave no token, kept for the callers that waited on it and for the cool-down after it. Each caller gets
/// an exception of its own made from it: one object rethrown by many callers would collect every caller's stack,
/// growing with the flood (500 callers: a 227 KB stack trace, paid by any log or telemetry item that reads it). The
/// new exception has the original's type and everything the callers' error mapping reads (failure kind, errcode,
/// transience, Retry-After), so the status a caller gets is unchanged; it holds no inner exception: the message says
/// what happened, and the original's own details stay in the one log line the fetch writes.
/// </summary>
internal sealed class FetchFailure
{
    private readonly Func<Exception> _create;

    private FetchFailure(Func<Exception> create, bool isBudgetSpent)
    {
        _create = create;
        IsBudgetSpent = isBudgetSpent;
    }

    /// <summary>
    /// Not a failure of stable_token: WeChat refused the token, and the fetches refusals may trigger are spent for now.
    /// A caller renewing after a refusal gets "nothing newer" rather than an exception.
    /// </summary>
    public bool IsBudgetSpent { get; }

    /// <summary>What the fetch that threw <paramref name="exception"/> leaves to say. Only its safe parts are kept.</summary>
    public static FetchFailure Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case WeChatException e:
                var (failure, message, errCode, isTransient, outcomeUnknown, retryAfter) = (e.Failure, e.Message, e.ErrCode, e.IsTransient, e.OutcomeUnknown, e.RetryAfter);
                return new(
                    () => new WeChatException(failure, message, errCode) { IsTransient = isTransient, OutcomeUnknown = outcomeUnknown, RetryAfter = retryAfter },
                    isBudgetSpent: false);
            case SecretUnavailableException e:
                var (secretMessage, secretTransient) = (e.Message, e.IsTransient);
                return new(() => new SecretUnavailableException(secretMessage, secretTransient), isBudgetSpent: false);
            default:
                // Not a failure the fetch knows: a defect. Its type is named; its message, which nothing vouches for, is not.
                var type = exception.GetType().Name;
                return new(() => new InvalidOperationException($"fetching the WeChat access token failed unexpectedly ({type})"), isBudgetSpent: false);
        }
    }

    /// <summary>
    /// WeChat refused the token with <paramref name="errCode"/> and keeps refusing the new ones: requests fail at once,
    /// without a call, until the budget allows the next fetch (one per <paramref name="interval"/>). The errcode is
    /// WeChat's, so the caller gets the 502 with it that the refused call itself would have given.
    /// </summary>
    public static FetchFailure BudgetSpent(int errCode, TimeSpan interval)
    {
        var message = $"WeChat keeps refusing the access tokens it hands out; no new one is fetched until the pace of one per {interval.TotalSeconds:0.###} s allows it";
        return new(() => new WeChatException(WeChatFailure.Refused, message, errCode), isBudgetSpent: true);
    }

    /// <summary>A new exception for one caller.</summary>
    public Exception NewException() => _create();
}
