using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LogisticsFunctions.Webhooks;

/// <summary>
/// The <c>webhook-signature</c> header of the Standard Webhooks specification: for each secret,
/// <c>v1,</c> + Base64 of HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c> (the body's exact bytes), joined by spaces.
/// </summary>
public static class WebhookSignature
{
    public const string Version = "v1";

    public static string Header(WebhookSigningKeys keys, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        if (webhookId.Contains('.', StringComparison.Ordinal))
        {
            // The id is one of the three dot-separated parts of what is signed: a dot would make two messages sign alike.
            throw new ArgumentException("A webhook id may not contain '.'.", nameof(webhookId));
        }

        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{webhookId}.{timestamp}."));
        var header = new StringBuilder();
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var secret in keys.All)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret.Key);
            hmac.AppendData(prefix);
            hmac.AppendData(body);
            hmac.GetHashAndReset(hash);
            header.Append(header.Length == 0 ? "" : " ").Append(Version).Append(',').Append(Convert.ToBase64String(hash));
        }

        return header.ToString();
    }
}
