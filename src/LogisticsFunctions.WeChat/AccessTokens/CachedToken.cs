namespace LogisticsFunctions.WeChat.AccessTokens;

/// <summary>
/// The token in the provider's cache with the moment it was received on the monotonic clock
/// (<see cref="TimeProvider.GetTimestamp"/>). Its age, not the wall clock, decides when it is refreshed and when it is
/// no longer handed out, so a clock stepped by NTP or by hand neither stretches nor cuts short its life.
/// </summary>
internal sealed class CachedToken(AccessToken token, long receivedAt, TimeSpan expiresIn)
{
    public AccessToken Token { get; } = token;

    public string Value => Token.Value;

    /// <summary>Served from the cache while younger than this.</summary>
    private TimeSpan UsableFor { get; } = expiresIn - AccessToken.ExpirySafetyMargin;

    /// <summary>Refreshed in the background once older than this.</summary>
    private TimeSpan RefreshAfter { get; } = expiresIn - AccessToken.RefreshAhead;

    public bool IsUsable(TimeProvider time, long now) => time.GetElapsedTime(receivedAt, now) < UsableFor;

    /// <summary>Whether it may still be handed out, and whether it is due for a refresh; one clock reading for both.</summary>
    public (bool Usable, bool DueForRefresh) Judge(TimeProvider time)
    {
        var age = time.GetElapsedTime(receivedAt);
        return (age < UsableFor, age >= RefreshAfter);
    }
}
