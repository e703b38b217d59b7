using System.Net;

namespace LogisticsFunctions.Push;

/// <summary>What the receiver answers WeChat: always short plain text; <c>success</c> is the acknowledgement WeChat looks for.</summary>
public sealed record PushAnswer(HttpStatusCode Status, string Body, TimeSpan? RetryAfter = null)
{
    public static PushAnswer Success { get; } = new(HttpStatusCode.OK, "success");

    /// <summary>A failure on our side: WeChat delivers the push again.</summary>
    public static PushAnswer TryAgain { get; } = new(HttpStatusCode.ServiceUnavailable, "temporarily unavailable, try again", TimeSpan.FromSeconds(5));

    /// <summary>A failure only an operator can mend (the log says which); the answer names nothing of the vault.</summary>
    public static PushAnswer Misconfigured { get; } = new(HttpStatusCode.InternalServerError, "the receiver is misconfigured");
}
