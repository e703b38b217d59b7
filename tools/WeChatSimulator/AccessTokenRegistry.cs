using System.Buffers.Text;
using System.Security.Cryptography;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// The stable_token rules: one shared token while it is valid, renewed early with an overlap, or replaced at once on a
/// forced refresh. One lock keeps "which token is current" and "is this one still good" consistent under concurrent callers.
/// </summary>
internal sealed class AccessTokenRegistry(TimeProvider timeProvider, TimeSpan lifetime)
{
    // WeChat issues the next token 5 minutes before the current one runs out; both work meanwhile.
    private static readonly TimeSpan WeChatEarlyRenewal = TimeSpan.FromMinutes(5);

    // A test may choose a lifetime shorter than 5 minutes; half of it keeps "same token while valid" observable.
    private readonly TimeSpan earlyRenewal = lifetime / 2 < WeChatEarlyRenewal ? lifetime / 2 : WeChatEarlyRenewal;

    private readonly Lock gate = new();
    private readonly Dictionary<string, DateTimeOffset> expiries = new(StringComparer.Ordinal);
    private readonly HashSet<string> revoked = new(StringComparer.Ordinal);
    private readonly List<string> issued = [];
    private string? current;

    /// <summary>Every token ever handed out, oldest first.</summary>
    public IReadOnlyCollection<string> IssuedTokens
    {
        get
        {
            lock (gate)
            {
                return [.. issued];
            }
        }
    }

    /// <summary>The token stable_token answers with, and its remaining lifetime in whole seconds.</summary>
    public (string Token, long ExpiresIn) Grant(bool forceRefresh)
    {
        lock (gate)
        {
            var now = timeProvider.GetUtcNow();
            if (forceRefresh)
            {
                // A forced refresh is for a leaked token: everything handed out so far stops working now.
                revoked.UnionWith(issued);
            }
            else if (current is not null && !revoked.Contains(current) && expiries[current] - now >= earlyRenewal)
            {
                return (current, WholeSeconds(expiries[current] - now));
            }

            current = NewToken();
            expiries.Add(current, now + lifetime);
            issued.Add(current);
            return (current, WholeSeconds(lifetime));
        }
    }

    /// <summary>Judges a token presented on a business call.</summary>
    public TokenStatus Check(string token)
    {
        lock (gate)
        {
            if (!expiries.TryGetValue(token, out var expiresAt) || revoked.Contains(token))
            {
                return TokenStatus.Invalid;
            }

            return timeProvider.GetUtcNow() < expiresAt ? TokenStatus.Valid : TokenStatus.Expired;
        }
    }

    /// <summary>Kills the current token, so the next stable_token call has to issue a new one.</summary>
    public void RevokeCurrent()
    {
        lock (gate)
        {
            if (current is not null)
            {
                revoked.Add(current);
            }
        }
    }

    private static long WholeSeconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerSecond;

    // 96 random bytes are 128 URL-safe base64 characters: the length and alphabet of a real token, and unguessable.
    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(96));
}
