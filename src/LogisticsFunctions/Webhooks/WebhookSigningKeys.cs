namespace LogisticsFunctions.Webhooks;

/// <summary>
/// The secrets that sign a delivery: the current one and, while the backend switches to it, the previous one.
/// Both signatures go in <c>webhook-signature</c>, so the backend accepts whichever secret it holds.
/// </summary>
public sealed record WebhookSigningKeys(WebhookSecret Current, WebhookSecret? Previous)
{
    public IEnumerable<WebhookSecret> All => Previous is null ? [Current] : [Current, Previous];

    public bool SameKeys(WebhookSigningKeys other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Current.SameKey(other.Current) && (Previous is null ? other.Previous is null : Previous.SameKey(other.Previous));
    }

    public override string ToString() => Previous is null ? "WebhookSigningKeys(current)" : "WebhookSigningKeys(current, previous)";
}
