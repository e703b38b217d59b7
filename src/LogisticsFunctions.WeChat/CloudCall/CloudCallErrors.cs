using System.Net;
using LogisticsFunctions.WeChat.AppSecrets;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.WeChat.CloudCall;

/// <summary>
/// Maps everything that can go wrong to the error a caller receives. The status tells a client what to
/// do: 4xx fix the request, 429 wait for Retry-After, 502/503/504 retry later, 500 an operator must act.
/// </summary>
public static class CloudCallErrors
{
    // Frequency limits are per minute; WeChat's daily quota resets at midnight Beijing time.
    private static readonly TimeSpan MinuteQuotaRetryAfter = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    /// <summary>A WeChat answer with a non-zero errcode, reason = WeChat's errmsg.</summary>
    public static CloudCallError FromWeChat(int errCode, string? errMsg, DateTimeOffset now)
    {
        var reason = string.IsNullOrWhiteSpace(errMsg) ? $"WeChat errcode {errCode}" : errMsg;
        return errCode switch
        {
            WeChatErrorCodes.DailyQuotaReached => new(HttpStatusCode.TooManyRequests, errCode, reason, UntilBeijingMidnight(now)),
            _ when WeChatErrorCodes.IsQuotaExceeded(errCode) => new(HttpStatusCode.TooManyRequests, errCode, reason, MinuteQuotaRetryAfter),
            WeChatErrorCodes.SystemBusy => new(HttpStatusCode.ServiceUnavailable, errCode, reason, BusyRetryAfter),
            WeChatErrorCodes.WaybillNotFound => new(HttpStatusCode.NotFound, errCode, reason),
            // The function's own credentials or setup were refused: nothing the caller can fix.
            _ when IsRefusedCredential(errCode) => new(HttpStatusCode.BadGateway, errCode, reason),
            // Everything else on the business call concerns the request (an unknown courier, a bad openid…).
            _ => new(HttpStatusCode.BadRequest, errCode, reason),
        };
    }

    /// <summary>An exception from the WeChat client or the secret provider.</summary>
    public static CloudCallError FromException(Exception exception, DateTimeOffset now) => exception switch
    {
        WeChatException { Failure: WeChatFailure.Refused, ErrCode: { } code } e => RefusedBeforeTheCall(FromWeChat(code, e.Message, now)),
        WeChatException { Failure: WeChatFailure.Timeout } e =>
            new(HttpStatusCode.GatewayTimeout, CloudCallError.OpenApiTimeout, e.Message),
        WeChatException e => new(HttpStatusCode.BadGateway, CloudCallError.OpenApiSystemError, e.Message),
        AppSecretUnavailableException { IsTransient: true } e =>
            new(HttpStatusCode.ServiceUnavailable, CloudCallError.SystemError, e.Message, BusyRetryAfter),
        AppSecretUnavailableException e => new(HttpStatusCode.InternalServerError, CloudCallError.SystemError, e.Message),
        _ => new(HttpStatusCode.InternalServerError, CloudCallError.SystemError, "internal error"),
    };

    // A refusal while getting the token is about the function's own credentials, never the caller's request.
    private static CloudCallError RefusedBeforeTheCall(CloudCallError error) =>
        error.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound ? error with { Status = HttpStatusCode.BadGateway } : error;

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
