namespace LogisticsFunctions.WeChat.Push;

/// <summary>What is wrong with a push, in kinds a receiver can answer by.</summary>
public enum PushProblemKind
{
    /// <summary>No <c>signature</c>, timestamp or nonce: the request is not authenticated at all.</summary>
    SignatureMissing,

    /// <summary><c>signature</c> or <c>msg_signature</c> is not what the Token gives.</summary>
    SignatureMismatch,

    /// <summary>
    /// Nothing authenticates the body: a push without <c>Encrypt</c> when the receiver takes only encrypted
    /// ones, or an encrypted push without <c>msg_signature</c>.
    /// </summary>
    BodyNotAuthenticated,

    /// <summary>An encrypted push reached a receiver that has no EncodingAESKey (plain mode without one): an operator must act.</summary>
    KeyMissing,

    /// <summary><c>timestamp</c> is not unix seconds, or lies outside the allowed clock skew (a replay or a wrong clock).</summary>
    TimestampRejected,

    /// <summary>The body is not XML or JSON of the expected shape.</summary>
    BodyMalformed,

    /// <summary>The <c>Encrypt</c> value does not decrypt: not Base64, not whole AES blocks, bad padding, bad length field.</summary>
    EncryptionInvalid,

    /// <summary>The decrypted message names another mini-program's appid.</summary>
    AppIdMismatch,

    /// <summary>A field the event needs is missing, repeated or of the wrong type.</summary>
    FieldInvalid,
}

/// <summary>
/// A refused push: the kind and a description in our own words. The description names fields and
/// checks, never a value from the request, the Token or a key, so it can be logged and returned.
/// </summary>
public sealed record PushProblem(PushProblemKind Kind, string Description);
