using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Telemetry;

/// <summary>The <c>outcome</c> and <c>reason</c> of <c>logistics.pushes</c> (docs/operations.md, "Metrics").</summary>
internal static class PushOutcome
{
    /// <summary>The event was put on the queue by this delivery.</summary>
    public const string Queued = "queued";

    /// <summary>An earlier delivery of the same update had queued it (WeChat's redeliveries).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>A push of another event, acknowledged without queueing.</summary>
    public const string OtherEvent = "other_event";

    /// <summary>WeChat's URL verification (GET) was answered.</summary>
    public const string UrlVerified = "url_verified";

    /// <summary>A 4xx: the push is not what WeChat sends (reason says why).</summary>
    public const string Refused = "refused";

    /// <summary>A 503: something on our side failed for now, and WeChat delivers the push again (reason says what).</summary>
    public const string TryAgain = "try_again";

    /// <summary>A 500 only an operator can mend: no push settings, a secret denied or missing, no EncodingAESKey.</summary>
    public const string Misconfigured = "misconfigured";

    public const string TooLarge = "too_large";
    public const string Storage = "storage";
    public const string InProgress = "in_progress";
    public const string Secrets = "secrets";
    public const string Deadline = "deadline";
    public const string Cancelled = "cancelled";
    public const string InternalError = "internal_error";
    public const string NotConfigured = "not_configured";

    /// <summary>The reason of a refusal for <paramref name="kind"/>.</summary>
    public static string ReasonFor(PushProblemKind kind) => kind switch
    {
        PushProblemKind.SignatureMissing => "signature_missing",
        PushProblemKind.SignatureMismatch => "signature_mismatch",
        PushProblemKind.BodyNotAuthenticated => "not_encrypted",
        PushProblemKind.KeyMissing => "key_missing",
        PushProblemKind.TimestampRejected => "timestamp",
        PushProblemKind.BodyMalformed => "malformed",
        PushProblemKind.EncryptionInvalid => "encryption",
        PushProblemKind.AppIdMismatch => "appid",
        PushProblemKind.FieldInvalid => "field",
        _ => "other",
    };

    /// <summary>The <c>mode</c> dimension: the receiver's configured <c>WeChat__PushMode</c>.</summary>
    public static string ModeOf(PushEncryptionMode mode) => mode switch
    {
        PushEncryptionMode.Safe => "safe",
        PushEncryptionMode.Compatible => "compatible",
        PushEncryptionMode.Plain => "plain",
        _ => "other",
    };
}
