namespace LogisticsFunctions.WeChat;

/// <summary>
/// The WeChat errcodes this project reacts to. Any other errcode passes through to the caller as it is.
/// Sources: WeChat's global error code page, the stable_token page, and the express family's codes as
/// WxJava's <c>WxOpenErrorMsgEnum</c> lists them.
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

    /// <summary>The courier refused the order; its own code and text are in delivery_resultcode/delivery_resultmsg.</summary>
    public const int CourierRefused = 9300501;

    /// <summary>The courier's system failed.</summary>
    public const int CourierSystemError = 9300502;

    /// <summary>The shop is banned from the logistics service.</summary>
    public const int ShopBanned = 9300505;

    /// <summary>The waybill already has a trace and can no longer be cancelled.</summary>
    public const int WaybillHasTrace = 9300506;

    /// <summary>The order id was already used.</summary>
    public const int OrderIdUsed = 9300508;

    /// <summary>The account's waybill quota is used up (two codes for the same).</summary>
    public const int OutOfQuota = 9300513;

    public const int OutOfQuotaOther = 9300523;

    /// <summary>The waybill is still being generated.</summary>
    public const int WaybillBeingGenerated = 9300521;

    /// <summary>The order id is repeated.</summary>
    public const int OrderIdRepeated = 9300522;

    /// <summary>The order is already cancelled.</summary>
    public const int OrderAlreadyCancelled = 9300524;

    /// <summary>The courier account is already bound.</summary>
    public const int AccountAlreadyBound = 9300529;

    /// <summary>The biz_id to unbind is not bound.</summary>
    public const int AccountNotFound = 9300530;

    /// <summary>The biz_id is not bound to the mini-program (WxJava's WxOpenErrorMsgEnum).</summary>
    public const int AccountNotBound = 9300525;

    /// <summary>
    /// No such order: what order/get, order/cancel and test_update_order answer for an unknown order_id
    /// (seen in WeChat's developer community; outside the 93005xx range and absent from WxJava's list).
    /// </summary>
    public const int OrderNotFound = 930563;

    /// <summary>A binding was submitted and is under review.</summary>
    public const int BindingUnderReview = 9300532;

    /// <summary>Express family frequency limits.</summary>
    public const int ExpressFrequencyLimit = 9300509;

    public const int ExpressFrequencyLimitOther = 9300537;

    /// <summary>The access token was refused: WeChat acted on nothing, so fetching a new one and trying once more is safe.</summary>
    public static bool IsAccessTokenRejected(int errcode) =>
        errcode is InvalidCredential or InvalidAccessToken or AccessTokenExpired;

    /// <summary>A quota or frequency limit: never retried.</summary>
    public static bool IsQuotaExceeded(int errcode) =>
        errcode is DailyQuotaReached or MinuteQuotaReached or ExpressFrequencyLimit or ExpressFrequencyLimitOther;
}
