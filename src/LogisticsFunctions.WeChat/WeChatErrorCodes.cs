namespace LogisticsFunctions.WeChat;

/// <summary>
/// The WeChat errcodes this project reacts to. Any other errcode passes through to the caller as it is.
/// Sources: WeChat's global error code page, the stable_token page, and the express family's codes.
/// </summary>
public static class WeChatErrorCodes
{
    /// <summary>System busy: retry later.</summary>
    public const int SystemBusy = -1;

    public const int Ok = 0;

    /// <summary>Invalid credential: the access token is invalid or not the latest.</summary>
    public const int InvalidCredential = 40001;

    public const int InvalidAccessToken = 40014;

    public const int AccessTokenExpired = 42001;

    public const int InvalidAppId = 40013;

    public const int InvalidGrantType = 40002;

    public const int AppIdMissing = 41002;

    public const int AppSecretMissing = 41004;

    /// <summary>The app secret is wrong (stable_token).</summary>
    public const int InvalidAppSecret = 40125;

    /// <summary>The caller's IP is not in the API IP whitelist; the errmsg names the IP.</summary>
    public const int IpNotWhitelisted = 40164;

    public const int DataFormatError = 47001;

    public const int ApiUnauthorized = 48001;

    public const int DailyQuotaReached = 45009;

    public const int MinuteQuotaReached = 45011;

    /// <summary>waybill_id not found (seen on path/get).</summary>
    public const int WaybillNotFound = 40199;

    /// <summary>Express family frequency limits.</summary>
    public const int ExpressFrequencyLimit = 9300509;

    public const int ExpressFrequencyLimitOther = 9300537;

    /// <summary>The access token was refused: drop it, fetch again, retry the call once.</summary>
    public static bool IsAccessTokenRejected(int errcode) =>
        errcode is InvalidCredential or InvalidAccessToken or AccessTokenExpired;

    /// <summary>A quota or frequency limit: never retried, answered with 429 and Retry-After.</summary>
    public static bool IsQuotaExceeded(int errcode) =>
        errcode is DailyQuotaReached or MinuteQuotaReached or ExpressFrequencyLimit or ExpressFrequencyLimitOther;
}
