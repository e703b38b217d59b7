namespace LogisticsFunctions.Telemetry;

/// <summary>The <c>outcome</c> and <c>status</c> of <c>logistics.relay.deliveries</c> (docs/operations.md, "Metrics").</summary>
internal static class RelayOutcome
{
    /// <summary>The backend answered 2xx: the host deletes the message.</summary>
    public const string Delivered = "delivered";

    /// <summary>The attempt failed and the delivery is on the retry queue until its next attempt.</summary>
    public const string Retried = "retried";

    /// <summary>410, attempts exhausted, or not an event at all: the message is on the dead-letter queue.</summary>
    public const string DeadLettered = "dead_lettered";

    /// <summary>The status of a message that was no event (or no delivery) and was never attempted.</summary>
    public const string Unreadable = "unreadable";
}
