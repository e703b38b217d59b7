namespace LogisticsFunctions.WeChatSimulator.Backend;

/// <summary>
/// One webhook the backend received (faulted requests are not received: the fault answered first): its three
/// Standard Webhooks headers, content type and body exactly as they came, and whether the signature held.
/// </summary>
public sealed record WebhookReceipt(
    string? WebhookId,
    string? Timestamp,
    string? Signature,
    string? ContentType,
    string Body,
    bool Verified,
    string? Problem,
    DateTimeOffset ReceivedAt);
