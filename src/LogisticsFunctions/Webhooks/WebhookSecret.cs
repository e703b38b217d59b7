using System.Diagnostics.CodeAnalysis;

namespace LogisticsFunctions.Webhooks;

/// <summary>
/// A signing secret as the Standard Webhooks specification writes it: <c>whsec_</c> followed by the Base64
/// of 24 to 64 random bytes. The HMAC key is the decoded bytes. Never printed: <see cref="ToString"/> hides it.
/// </summary>
public sealed class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int MinKeyBytes = 24;
    public const int MaxKeyBytes = 64;

    private readonly byte[] _key;

    private WebhookSecret(byte[] key) => _key = key;

    /// <summary>The HMAC-SHA256 key.</summary>
    internal ReadOnlySpan<byte> Key => _key;

    public static bool TryParse(string? text, [NotNullWhen(true)] out WebhookSecret? secret)
    {
        secret = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = text.AsSpan(Prefix.Length).Trim();
        var buffer = new byte[MaxKeyBytes + 3];
        if (!Convert.TryFromBase64Chars(encoded, buffer, out var length) || length is < MinKeyBytes or > MaxKeyBytes)
        {
            return false;
        }

        secret = new WebhookSecret(buffer[..length]);
        return true;
    }

    /// <summary>Whether both hold the same key (a refreshed read that changed nothing).</summary>
    public bool SameKey(WebhookSecret? other) => other is not null && _key.AsSpan().SequenceEqual(other._key);

    public override string ToString() => "WebhookSecret(redacted)";
}
