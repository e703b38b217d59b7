using LogisticsFunctions.WeChat.AccessTokens;

namespace LogisticsFunctions.WeChat.Telemetry;

/// <summary>The <c>reason</c> and <c>outcome</c> of <c>wechat.access_token.fetches</c> (docs/operations.md, "Metrics").</summary>
internal static class TokenFetchOutcome
{
    /// <summary>stable_token handed out a token the app uses.</summary>
    public const string Ok = "ok";

    /// <summary>No token came back: WeChat refused the AppSecret or the IP, failed, or the secret could not be read.</summary>
    public const string Failed = "failed";

    /// <summary>stable_token handed back a value WeChat had already refused: it is not used.</summary>
    public const string HandedBack = "handed_back";

    public static string ReasonOf(FetchReason reason) => reason switch
    {
        FetchReason.Cold => "cold",
        FetchReason.RefreshAhead => "refresh_ahead",
        FetchReason.Refusal => "refusal",
        _ => "other",
    };
}
