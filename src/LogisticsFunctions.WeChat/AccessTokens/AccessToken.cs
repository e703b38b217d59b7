namespace LogisticsFunctions.WeChat.AccessTokens;

/// <summary>
/// A WeChat access token and when it stops being usable. Not a record: a record would print the
/// token's value wherever the object is logged or formatted.
/// </summary>
public sealed class AccessToken(string value, DateTimeOffset fetchedAt, DateTimeOffset expiresAt)
{
    /// <summary>Stop using a token this long before WeChat says it expires: clocks and round trips differ.</summary>
    internal static readonly TimeSpan ExpirySafetyMargin = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Refresh this long before expiry, in the background. WeChat renews a stable token 5 minutes before
    /// it expires, so a normal-mode fetch made 4 minutes before returns the new token, not the old one.
    /// </summary>
    internal static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(4);

    public string Value { get; } = value;

    /// <summary>When it was received.</summary>
    public DateTimeOffset FetchedAt { get; } = fetchedAt;

    /// <summary>
    /// When WeChat says it expires, on the wall clock as it read when the token came. The provider itself goes by the
    /// token's age on the monotonic clock (<see cref="CachedToken"/>), which a stepped wall clock does not move.
    /// </summary>
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public override string ToString() => $"AccessToken(expires {ExpiresAt:O})";
}
