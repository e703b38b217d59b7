using System.Net;
using LogisticsFunctions.Telemetry;

namespace LogisticsFunctions.Push;

/// <summary>
/// What the receiver answers WeChat: always short plain text; <c>success</c> is the acknowledgement WeChat looks for.
/// <see cref="Outcome"/> and <see cref="Reason"/> say why, for <c>logistics.pushes</c>; they are never sent.
/// </summary>
public sealed record PushAnswer(HttpStatusCode Status, string Body, TimeSpan? RetryAfter = null)
{
    /// <summary>What became of the push: queued, duplicate, other_event, url_verified, refused, try_again or misconfigured.</summary>
    public required string Outcome { get; init; }

    /// <summary>Why it was refused or is to be tried again; null for the others.</summary>
    public string? Reason { get; init; }

    /// <summary>The acknowledgement WeChat looks for; <paramref name="outcome"/> says what was done with the push.</summary>
    public static PushAnswer Success(string outcome) => new(HttpStatusCode.OK, "success") { Outcome = outcome };

    /// <summary>A failure on our side: WeChat delivers the push again.</summary>
    public static PushAnswer TryAgain(string reason) =>
        new(HttpStatusCode.ServiceUnavailable, "temporarily unavailable, try again", TimeSpan.FromSeconds(5)) { Outcome = PushOutcome.TryAgain, Reason = reason };

    /// <summary>A failure only an operator can mend (the log says which); the answer names nothing of the vault.</summary>
    public static PushAnswer Misconfigured(string reason) =>
        new(HttpStatusCode.InternalServerError, "the receiver is misconfigured") { Outcome = PushOutcome.Misconfigured, Reason = reason };
}
