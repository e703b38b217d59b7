namespace LogisticsFunctions.WeChatSimulator;

/// <summary>What WeChat thinks of an access token presented on a business call.</summary>
internal enum TokenStatus
{
    /// <summary>Issued, not revoked, not expired.</summary>
    Valid,

    /// <summary>Never issued, revoked, or knocked out by a forced refresh: errcode 40001.</summary>
    Invalid,

    /// <summary>Issued and outlived: errcode 42001.</summary>
    Expired,
}
