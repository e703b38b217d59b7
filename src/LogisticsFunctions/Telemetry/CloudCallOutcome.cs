using LogisticsFunctions.WeChat;
using LogisticsFunctions.WeChat.Http;
using LogisticsFunctions.WeChat.Secrets;

namespace LogisticsFunctions.Telemetry;

/// <summary>The <c>outcome</c> of <c>logistics.cloud_calls</c> (docs/operations.md, "Metrics").</summary>
internal static class CloudCallOutcome
{
    /// <summary>WeChat's answer was returned (errcode 0), or a write's lost answer was found by a read.</summary>
    public const string Ok = "ok";

    /// <summary>WeChat answered the call with a non-zero errcode.</summary>
    public const string WeChatErrCode = "wechat_errcode";

    /// <summary>The request was refused before WeChat was asked: too large, not JSON, not the method's schema.</summary>
    public const string RefusedInput = "refused_input";

    /// <summary>WeChat or Key Vault failed, could not be reached, or timed out on every attempt.</summary>
    public const string UpstreamFailure = "upstream_failure";

    /// <summary>The request's own deadline (<c>CloudCall__RequestTimeout</c>) passed.</summary>
    public const string Deadline = "deadline";

    /// <summary>A write was sent and its answer lost: 424.</summary>
    public const string UnknownOutcome = "unknown_outcome";

    /// <summary>WeChat's gateway answered HTTP 429.</summary>
    public const string Throttled = "throttled";

    /// <summary>The app's own setup was refused: its AppSecret, IP, AppID or permissions by WeChat, a secret by the vault.</summary>
    public const string Misconfigured = "misconfigured";

    /// <summary>The host cancelled the invocation (it stopped, or its own function timeout passed).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>An exception nobody foresaw: a defect, logged with its stack trace.</summary>
    public const string InternalError = "internal_error";

    /// <summary>What a failure the handler caught says, in the words above; its WeChat errcode when it has one.</summary>
    public static (string Outcome, int? WeChatErrCode) Of(Exception failure) => failure switch
    {
        // Refusals while getting the token: busy and quotas are WeChat's state, the rest the app's own setup.
        WeChatException { Failure: WeChatFailure.Refused, ErrCode: WeChatErrorCodes.SystemBusy } => (UpstreamFailure, WeChatErrorCodes.SystemBusy),
        WeChatException { Failure: WeChatFailure.Refused, ErrCode: { } code } when code == WeChatErrorCodes.DailyQuotaReached || WeChatErrorCodes.IsQuotaExceeded(code)
            => (Throttled, code),
        WeChatException { Failure: WeChatFailure.Refused, ErrCode: { } code } => (Misconfigured, code),
        WeChatException { Failure: WeChatFailure.Throttled } => (Throttled, null),
        WeChatException => (UpstreamFailure, null),
        SecretUnavailableException { IsTransient: true } => (UpstreamFailure, null),
        SecretUnavailableException => (Misconfigured, null),
        _ => (InternalError, null),
    };
}
