namespace LogisticsFunctions.Webhooks;

/// <summary>What the backend made of one delivery attempt, as the Standard Webhooks specification reads answers.</summary>
public enum WebhookOutcome
{
    /// <summary>A 2xx answer within the timeout.</summary>
    Delivered,

    /// <summary>410 Gone: the backend wants no more of these; dead-lettered at once.</summary>
    Gone,

    /// <summary>Anything else (3xx, other 4xx, 5xx, a timeout, a network error): tried again later.</summary>
    Failed,
}

/// <summary>
/// One attempt's result. <see cref="Status"/> is our short description (<c>HTTP 503</c>, <c>timeout after 15 s</c>,
/// <c>network error: ConnectionError</c>), never the backend's answer body; <see cref="RetryAfter"/> is the
/// backend's <c>Retry-After</c>, when it sent one.
/// </summary>
public sealed record WebhookAttempt(WebhookOutcome Outcome, string Status, int? StatusCode = null, TimeSpan? RetryAfter = null)
{
    /// <summary>401 or 403: the backend may hold another secret than ours.</summary>
    public bool SignatureRefused => StatusCode is 401 or 403;
}
