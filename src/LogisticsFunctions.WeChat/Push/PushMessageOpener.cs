using System.Globalization;

namespace LogisticsFunctions.WeChat.Push;

/// <summary>
/// Authenticates and opens a push, in WeChat's order of trust:
/// <list type="number">
/// <item><c>signature</c> (Token, timestamp, nonce) when present, in constant time;</item>
/// <item>the timestamp within the allowed skew, so an old request cannot be replayed later;</item>
/// <item>the body parsed as XML or JSON;</item>
/// <item>when <c>encrypt_type=aes</c> or the body carries <c>Encrypt</c>: <c>msg_signature</c> over
/// Token, timestamp, nonce and <c>Encrypt</c> (the only check that covers the body), then decryption with
/// the current key or, during a rotation, the previous one, and the appid inside checked against ours.</item>
/// </list>
/// A plain-mode body is covered by no signature: that is WeChat's design, and why safe mode is recommended.
/// </summary>
public static class PushMessageOpener
{
    /// <summary>The URL-verification GET: the problem, or null when <c>echostr</c> may be answered.</summary>
    public static PushProblem? VerifyUrl(PushQuery query, PushCredentials credentials, DateTimeOffset now, TimeSpan allowedSkew)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(credentials);
        if (query.Signature is null)
        {
            return new(PushProblemKind.SignatureMissing, "signature is missing");
        }

        var problem = CheckSignature(query, credentials, now, allowedSkew);
        if (problem is null && string.IsNullOrEmpty(query.EchoStr))
        {
            problem = new(PushProblemKind.FieldInvalid, "echostr is missing");
        }

        return problem;
    }

    /// <summary>The authenticated message of a POST, or null and the problem.</summary>
    public static PushMessage? Open(
        PushQuery query,
        ReadOnlySpan<byte> body,
        PushCredentials credentials,
        string appId,
        DateTimeOffset now,
        TimeSpan allowedSkew,
        out PushProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(appId);
        if (query.Signature is null && query.MsgSignature is null)
        {
            problem = new(PushProblemKind.SignatureMissing, "signature is missing");
            return null;
        }

        // signature does not cover the body, so it is checked before the body is read at all.
        if (query.Signature is not null)
        {
            problem = CheckSignature(query, credentials, now, allowedSkew);
            if (problem is not null)
            {
                return null;
            }
        }

        var envelope = PushDocumentReader.Read(body, out problem);
        if (envelope is null)
        {
            return null;
        }

        var encrypt = envelope.Value("Encrypt");
        var encrypted = string.Equals(query.EncryptType, "aes", StringComparison.OrdinalIgnoreCase) || encrypt is not null || envelope.HasList("Encrypt");
        if (!encrypted)
        {
            // Only signature authenticates a plain push (checked above when present): a request that
            // carries msg_signature alone has authenticated nothing, since there is no Encrypt for it to cover.
            if (query.Signature is null)
            {
                problem = new(PushProblemKind.SignatureMissing, "signature is missing");
                return null;
            }

            return new PushMessage(PushMode.Plain, envelope, envelope);
        }

        // Encrypted: msg_signature is what authenticates the body; a request that only carries
        // signature (the mistake several SDKs make) does not get its body trusted.
        if (query.MsgSignature is null)
        {
            problem = new(PushProblemKind.SignatureMissing, "msg_signature is missing for an encrypted push");
            return null;
        }

        if (encrypt is not { IsJsonNumber: false } given || given.Text.Length == 0)
        {
            problem = new(PushProblemKind.BodyMalformed, "Encrypt is missing or not a string");
            return null;
        }

        if (query.Signature is null)
        {
            // The timestamp still needs its presence and skew checked when only msg_signature came.
            problem = CheckTimestamp(query, now, allowedSkew);
            if (problem is not null)
            {
                return null;
            }
        }

        if (!PushSignature.Matches(query.MsgSignature, credentials.Token, query.Timestamp!, query.Nonce!, given.Text))
        {
            problem = new(PushProblemKind.SignatureMismatch, "msg_signature does not match");
            return null;
        }

        var plaintext = PushMessageCipher.Decrypt(given.Text, credentials.CurrentKey, appId, out problem);
        if (plaintext is null && credentials.PreviousKey is { } previous
            && PushMessageCipher.Decrypt(given.Text, previous, appId, out _) is { } withPrevious)
        {
            // WeChat has not switched to the new key yet: the previous one still opens its pushes.
            plaintext = withPrevious;
            problem = null;
        }

        if (plaintext is null)
        {
            return null;
        }

        var message = PushDocumentReader.Read(plaintext, out problem);
        if (message is null)
        {
            problem = problem! with { Description = "the decrypted message: " + problem.Description };
            return null;
        }

        return new PushMessage(PushMode.Encrypted, envelope, message);
    }

    private static PushProblem? CheckSignature(PushQuery query, PushCredentials credentials, DateTimeOffset now, TimeSpan allowedSkew)
    {
        if (query.Timestamp is null || query.Nonce is null)
        {
            return new(PushProblemKind.SignatureMissing, query.Timestamp is null ? "timestamp is missing" : "nonce is missing");
        }

        // The signature first: whoever does not hold the Token learns nothing about our clock.
        if (!PushSignature.Matches(query.Signature, credentials.Token, query.Timestamp, query.Nonce))
        {
            return new(PushProblemKind.SignatureMismatch, "signature does not match");
        }

        return CheckTimestamp(query, now, allowedSkew);
    }

    private static PushProblem? CheckTimestamp(PushQuery query, DateTimeOffset now, TimeSpan allowedSkew)
    {
        if (query.Timestamp is null || query.Nonce is null)
        {
            return new(PushProblemKind.SignatureMissing, query.Timestamp is null ? "timestamp is missing" : "nonce is missing");
        }

        if (query.Timestamp.Length is 0 or > 12 || !query.Timestamp.All(char.IsAsciiDigit)
            || !long.TryParse(query.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new(PushProblemKind.TimestampRejected, "timestamp is not unix seconds");
        }

        var skew = TimeSpan.FromSeconds(Math.Abs(now.ToUnixTimeSeconds() - seconds));
        return skew > allowedSkew
            ? new(PushProblemKind.TimestampRejected, "timestamp is outside the allowed clock skew (a replay, or a wrong clock)")
            : null;
    }
}
