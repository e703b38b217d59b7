namespace LogisticsFunctions.WeChat.AccessTokens;

/// <summary>
/// Why the provider asks stable_token for a token. Every request to it is logged with its reason in one place
/// (<see cref="AccessTokenProvider"/>'s fetch loop), which is where counting them by reason belongs too.
/// </summary>
internal enum FetchReason
{
    /// <summary>No usable token: the first request or the warm-up at start, or the cached token has expired.</summary>
    Cold,

    /// <summary>The cached token is close to its expiry; fetched in the background while it keeps serving.</summary>
    RefreshAhead,

    /// <summary>WeChat refused a token (40001, 42001, 40014); paced by the refusal budget.</summary>
    Refusal,
}
