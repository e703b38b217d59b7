namespace LogisticsFunctions.Push;

/// <summary>What became of an update handed to <see cref="ExpressPathEventSender"/>.</summary>
public enum EnqueueOutcome
{
    /// <summary>This delivery put the message on the queue.</summary>
    Queued,

    /// <summary>An earlier delivery of the same update already did: nothing was sent.</summary>
    AlreadyQueued,

    /// <summary>Another delivery is sending it right now and did not finish within the wait: try again shortly.</summary>
    InProgressElsewhere,

    /// <summary>The marker store or the queue failed: nothing was queued by this delivery.</summary>
    StorageFailed,
}
