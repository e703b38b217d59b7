namespace LogisticsFunctions.WeChat.Telemetry;

/// <summary>The <c>outcome</c> of one attempt in <c>wechat.api.duration</c>.</summary>
internal static class ApiOutcome
{
    /// <summary>WeChat answered with errcode 0.</summary>
    public const string Ok = "ok";

    /// <summary>WeChat answered with another errcode.</summary>
    public const string ErrCode = "errcode";

    /// <summary>No usable answer: unreachable, HTTP error or 429, not its JSON, cut short, timed out or cancelled.</summary>
    public const string Failure = "failure";
}
