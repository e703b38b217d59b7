namespace LogisticsFunctions.Webhooks;

/// <summary>
/// One signed attempt: the id the backend deduplicates by, the attempt's unix time, the exact body and its
/// <c>webhook-signature</c>. Not printed anywhere: <see cref="ToString"/> leaves out the body and the signature.
/// </summary>
public sealed record WebhookDelivery(string WebhookId, long Timestamp, byte[] Body, string Signature)
{
    public override string ToString() => $"WebhookDelivery {WebhookId} at {Timestamp}";
}
