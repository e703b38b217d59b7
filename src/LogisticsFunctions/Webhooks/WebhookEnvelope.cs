using System.Text.Json.Serialization;
using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Webhooks;

/// <summary>
/// A delivery on the retry queue or a dead letter: the event as it was queued, and what became of it so far.
/// The retry queue's message and the dead letter have the same shape, so a dead letter can be replayed as it is.
/// </summary>
public sealed record WebhookEnvelope
{
    /// <summary>The id every attempt was sent with (<c>msg_</c> + the update's hash).</summary>
    [JsonPropertyName("webhookId")]
    public required string WebhookId { get; init; }

    /// <summary>Attempts made so far.</summary>
    [JsonPropertyName("attempts")]
    public required int Attempts { get; init; }

    /// <summary>When the event was first put on <c>express-path-events</c>.</summary>
    [JsonPropertyName("firstQueuedAt")]
    public required DateTimeOffset FirstQueuedAt { get; init; }

    [JsonPropertyName("lastAttemptAt")]
    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>The last attempt's result in our words: <c>HTTP 503</c>, <c>timeout after 15 s</c>, …</summary>
    [JsonPropertyName("lastStatus")]
    public string? LastStatus { get; init; }

    /// <summary>Why it was dead-lettered (<c>gone</c>, <c>attempts exhausted</c>, …); null while it is still being tried.</summary>
    [JsonPropertyName("deadLetterReason")]
    public string? DeadLetterReason { get; init; }

    [JsonPropertyName("deadLetteredAt")]
    public DateTimeOffset? DeadLetteredAt { get; init; }

    /// <summary>The event with WeChat's field names, exactly what <c>data</c> carries.</summary>
    [JsonPropertyName("event")]
    public required ExpressPathEvent Event { get; init; }
}
