using System.Globalization;
using System.Security.Cryptography;

namespace LogisticsFunctions.WeChat.Push;

/// <summary>
/// Authenticates and opens a push, in WeChat's order of trust:
/// <list type="number">
/// <item><see cref="Authenticate"/>, before the body is read: <c>signature</c> (Token, timestamp, nonce)
/// is required on every request and compared in constant time, with the current Token or, during a
/// rotation, the previous one; then the timestamp must be unix seconds within the allowed skew, so an old
/// request cannot be replayed later;</item>
/// <item><see cref="Open"/>: the body parsed as XML or JSON; when encrypted, <c>msg_signature</c> over
/// Token, timestamp, nonce and <c>Encrypt</c> (the only check that covers the body) before any Base64 or
/// AES, then decryption with the current key or, during a rotation, the previous one, and the appid inside
/// checked against ours. Safe and compatible mode take nothing else; plain mode also takes a body in clear,
/// which no signature covers (WeChat's design, and why safe mode is the default).</item>
/// </list>
/// </summary>
public static class PushMessageOpener
{
    // Unix seconds fit in far fewer digits; longer text is refused before parsing.
    private const int MaxTimestampDigits = 18;

    /// <summary>
    /// Which Token signed the request (<c>signature</c> over Token, timestamp and nonce), or null and the
    /// problem. The body plays no part: this runs before it is read.
    /// </summary>
    public static PushSecretUse? Authenticate(PushQuery query, PushCredentials credentials, DateTimeOffset now, TimeSpan allowedSkew, out PushProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(credentials);
        if (query.Signature is null || query.Timestamp is null || query.Nonce is null)
        {
            problem = new(PushProblemKind.SignatureMissing, query.Signature is null ? "signature is missing" : query.Timestamp is null ? "timestamp is missing" : "nonce is missing");
            return null;
        }

        // The signature first: whoever does not hold the Token learns nothing about our clock.
        PushSecretUse? use = PushSignature.Matches(query.Signature, credentials.Token, query.Timestamp, query.Nonce) ? PushSecretUse.Current
            : credentials.PreviousTokenAt(now) is { } previous && PushSignature.Matches(query.Signature, previous, query.Timestamp, query.Nonce) ? PushSecretUse.Previous
            : null;
        if (use is null)
        {
            problem = new(PushProblemKind.SignatureMismatch, "signature does not match");
            return null;
        }

        problem = CheckTimestamp(query.Timestamp, now, allowedSkew);
        return problem is null ? use : null;
    }

    /// <summary>
    /// The authenticated message of a POST that <see cref="Authenticate"/> accepted as signed with
    /// <paramref name="token"/>, or null and the problem.
    /// </summary>
    public static PushMessage? Open(
        PushQuery query,
        ReadOnlySpan<byte> body,
        PushCredentials credentials,
        PushSecretUse token,
        PushEncryptionMode mode,
        string appId,
        DateTimeOffset now,
        out PushProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(appId);
        var envelope = PushDocumentReader.Read(body, out problem);
        if (envelope is null)
        {
            return null;
        }

        var encrypt = envelope.Value("Encrypt");
        if (encrypt is null && !envelope.HasList("Encrypt"))
        {
            if (mode != PushEncryptionMode.Plain)
            {
                // signature covers Token, timestamp and nonce only: one triple seen once would sign any body.
                problem = new(PushProblemKind.BodyNotAuthenticated, $"the push is not encrypted: in {Name(mode)} mode only pushes with Encrypt and msg_signature are taken");
                return null;
            }

            if (string.Equals(query.EncryptType, "aes", StringComparison.OrdinalIgnoreCase))
            {
                problem = new(PushProblemKind.BodyMalformed, "Encrypt is missing or not a string");
                return null;
            }

            return new PushMessage(PushMode.Plain, envelope, envelope);
        }

        // Encrypted: msg_signature is what authenticates the body; signature (the mistake several SDKs make) does not.
        if (query.MsgSignature is null)
        {
            problem = new(PushProblemKind.BodyNotAuthenticated, "msg_signature is missing for an encrypted push");
            return null;
        }

        if (encrypt is not { IsJsonNumber: false } given || given.Text.Length == 0)
        {
            problem = new(PushProblemKind.BodyMalformed, "Encrypt is missing or not a string");
            return null;
        }

        if (!PushSignature.Matches(query.MsgSignature, credentials.TokenFor(token), query.Timestamp!, query.Nonce!, given.Text))
        {
            problem = new(PushProblemKind.SignatureMismatch, "msg_signature does not match");
            return null;
        }

        if (credentials.CurrentKey is not { } currentKey)
        {
            problem = new(PushProblemKind.KeyMissing, "the push is encrypted but no EncodingAESKey is configured");
            return null;
        }

        var key = PushSecretUse.Current;
        var plaintext = PushMessageCipher.Decrypt(given.Text, currentKey, appId, out problem);
        if (plaintext is null && problem!.Kind == PushProblemKind.EncryptionInvalid && credentials.PreviousKeyAt(now) is { } previous
            && PushMessageCipher.Decrypt(given.Text, previous, appId, out _) is { } withPrevious)
        {
            // WeChat has not switched to the new key yet: the previous one still opens its pushes.
            plaintext = withPrevious;
            key = PushSecretUse.Previous;
            problem = null;
        }

        if (plaintext is null)
        {
            return null;
        }

        try
        {
            var message = PushDocumentReader.Read(plaintext, out problem);
            if (message is null)
            {
                problem = problem! with { Description = "the decrypted message: " + problem.Description };
                return null;
            }

            return new PushMessage(PushMode.Encrypted, envelope, message) { Key = key };
        }
        finally
        {
            // The reader keeps what it needs as values; the decrypted bytes themselves go now.
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static PushProblem? CheckTimestamp(string timestamp, DateTimeOffset now, TimeSpan allowedSkew)
    {
        if (timestamp.Length is 0 or > MaxTimestampDigits || !timestamp.All(char.IsAsciiDigit)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new(PushProblemKind.TimestampRejected, "timestamp is not unix seconds");
        }

        // Whole seconds in long arithmetic: no value of at most 18 digits can overflow it or a TimeSpan.
        var skew = Math.Abs(now.ToUnixTimeSeconds() - seconds);
        return skew > allowedSkew.Ticks / TimeSpan.TicksPerSecond
            ? new(PushProblemKind.TimestampRejected, "timestamp is outside the allowed clock skew (a replay, or a wrong clock)")
            : null;
    }

    private static string Name(PushEncryptionMode mode) => mode == PushEncryptionMode.Safe ? "safe" : "compatible";
}
