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
    /// <summary>
    /// The answer's class, the <c>status</c> of <c>logistics.relay.deliveries</c>: <c>2xx</c>, <c>3xx</c>, <c>4xx</c>,
    /// <c>410</c>, <c>429</c>, <c>5xx</c> from the status code; without one, what the sender says (<c>timeout</c>,
    /// <c>network</c>, <c>cancelled</c>).
    /// </summary>
    public string StatusClass { get; init; } = StatusCode switch
    {
        410 => "410",
        429 => "429",
        >= 200 and < 300 => "2xx",
        >= 300 and < 400 => "3xx",
        >= 400 and < 500 => "4xx",
        >= 500 => "5xx",
        _ => "network",
    };

    /// <summary>401 or 403: the backend may hold another secret than ours.</summary>
    public bool SignatureRefused => StatusCode is 401 or 403;
}
