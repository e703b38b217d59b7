using System.Net;
using LogisticsFunctions.WeChat;
using LogisticsFunctions.WeChat.Http;
using LogisticsFunctions.WeChat.Secrets;

namespace LogisticsFunctions.CloudCall;

/// <summary>
/// Maps everything that can go wrong to the error a caller receives. The status tells a client what to
/// do: 400 fix the request, 403 and 409 WeChat or the courier refuses in the account's or order's present
/// state, 404 nothing by that id, 424 a write whose outcome is unknown (find out before repeating it),
/// 429 wait for Retry-After, 502/503/504 retry later, 500 an operator must act.
/// </summary>
public static class CloudCallErrors
{
    // Frequency limits are per minute; WeChat's daily quota resets at midnight Beijing time.
    private static readonly TimeSpan MinuteQuotaRetryAfter = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    /// <summary>A WeChat answer with a non-zero errcode; reason = WeChat's errmsg.</summary>
    public static CloudCallError FromWeChat(int errCode, string? errMsg, DateTimeOffset now)
    {
        // WeChat's text as it is, as the cloud call writes it (even empty); only a missing one is described.
        var reason = errMsg ?? $"WeChat errcode {errCode}";
        return errCode switch
        {
            WeChatErrorCodes.DailyQuotaReached => new(HttpStatusCode.TooManyRequests, errCode, reason, UntilBeijingMidnight(now)),
            _ when WeChatErrorCodes.IsQuotaExceeded(errCode) => new(HttpStatusCode.TooManyRequests, errCode, reason, MinuteQuotaRetryAfter),
            WeChatErrorCodes.SystemBusy => new(HttpStatusCode.ServiceUnavailable, errCode, reason, BusyRetryAfter),
            // The function's own credentials or setup were refused, or the courier's system failed: nothing the caller can fix.
            _ when IsRefusedCredential(errCode) || errCode == WeChatErrorCodes.CourierSystemError => new(HttpStatusCode.BadGateway, errCode, reason),
            _ => new(StatusOfBusinessError(errCode), errCode, reason),
        };
    }

    /// <summary>An exception from the WeChat client or a secret.</summary>
    public static CloudCallError FromException(Exception exception, DateTimeOffset now) => exception switch
    {
        WeChatException { Failure: WeChatFailure.Refused, ErrCode: { } code } e => RefusedBeforeTheCall(FromWeChat(code, e.Message, now)),
        WeChatException { Failure: WeChatFailure.Throttled } e =>
            new(HttpStatusCode.TooManyRequests, CloudCallError.OpenApiSystemError, e.Message, e.RetryAfter is { } wait && wait > TimeSpan.Zero ? wait : MinuteQuotaRetryAfter),
        WeChatException { Failure: WeChatFailure.Timeout } e =>
            new(HttpStatusCode.GatewayTimeout, CloudCallError.OpenApiTimeout, e.Message),
        WeChatException e => new(HttpStatusCode.BadGateway, CloudCallError.OpenApiSystemError, e.Message),
        SecretUnavailableException { IsTransient: true } e =>
            new(HttpStatusCode.ServiceUnavailable, CloudCallError.SystemError, e.Message, BusyRetryAfter),
        SecretUnavailableException e => new(HttpStatusCode.InternalServerError, CloudCallError.SystemError, e.Message),
        _ => new(HttpStatusCode.InternalServerError, CloudCallError.SystemError, "internal error"),
    };

    /// <summary>
    /// A write that was sent and whose answer was lost (a timeout, a reset, an HTTP 5xx, a broken answer, errcode -1):
    /// WeChat may have acted. 424 Failed Dependency, with the error's own errCode and no Retry-After: client stacks
    /// retry 408, 429 and 5xx on their own (Microsoft.Extensions.Http.Resilience's standard handler every 5xx, POSTs
    /// included; Kiota's retry handler 429, 503 and 504), and a retried write is the very thing to avoid. The reason
    /// ends with what the caller may safely do next (<see cref="CloudCallMethod.WhenOutcomeUnknown"/>).
    /// </summary>
    public static CloudCallError OutcomeUnknown(CloudCallMethod method, CloudCallError error, string? finding = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(error);
        var found = finding is null ? "" : $"; {finding}";
        return error with
        {
            Status = HttpStatusCode.FailedDependency,
            RetryAfter = null,
            Reason = $"{error.Reason}{found}; the outcome is unknown (WeChat may have acted): {method.WhenOutcomeUnknown}",
        };
    }

    /// <summary>The request's deadline passed before WeChat answered.</summary>
    public static CloudCallError DeadlinePassed(TimeSpan deadline) =>
        new(HttpStatusCode.GatewayTimeout, CloudCallError.OpenApiTimeout, $"no answer within the request's deadline of {deadline.TotalSeconds:0.###} s");

    // The express family's errcodes that are about the account's or the order's state, not the request's form.
    private static HttpStatusCode StatusOfBusinessError(int errCode) => errCode switch
    {
        WeChatErrorCodes.WaybillNotFound or WeChatErrorCodes.AccountNotFound or WeChatErrorCodes.AccountNotBound
            or WeChatErrorCodes.OrderNotFound => HttpStatusCode.NotFound,
        WeChatErrorCodes.ShopBanned or WeChatErrorCodes.OutOfQuota or WeChatErrorCodes.OutOfQuotaOther => HttpStatusCode.Forbidden,
        WeChatErrorCodes.WaybillHasTrace or WeChatErrorCodes.OrderIdUsed or WeChatErrorCodes.WaybillBeingGenerated
            or WeChatErrorCodes.OrderIdRepeated or WeChatErrorCodes.OrderAlreadyCancelled or WeChatErrorCodes.AccountAlreadyBound
            or WeChatErrorCodes.BindingUnderReview => HttpStatusCode.Conflict,
        // Everything else concerns the request: an unknown courier, a bad openid, a field too long…
        _ => HttpStatusCode.BadRequest,
    };

    // A refusal while getting the token is about the function's own credentials, never the caller's request.
    private static CloudCallError RefusedBeforeTheCall(CloudCallError error) =>
        (int)error.Status is >= 400 and < 429 ? error with { Status = HttpStatusCode.BadGateway } : error;

    private static bool IsRefusedCredential(int errCode) =>
        WeChatErrorCodes.IsAccessTokenRejected(errCode)
        || errCode is WeChatErrorCodes.InvalidAppSecret or WeChatErrorCodes.IpNotWhitelisted or WeChatErrorCodes.InvalidAppId
            or WeChatErrorCodes.ApiUnauthorized or WeChatErrorCodes.InvalidGrantType or WeChatErrorCodes.AppIdMissing
            or WeChatErrorCodes.AppSecretMissing;

    private static TimeSpan UntilBeijingMidnight(DateTimeOffset now)
    {
        var beijing = now.ToOffset(BeijingOffset);
        var midnight = new DateTimeOffset(beijing.Date.AddDays(1), BeijingOffset);
        return midnight - now;
    }
}
