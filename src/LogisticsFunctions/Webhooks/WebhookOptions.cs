namespace LogisticsFunctions.Webhooks;

/// <summary>
/// The webhook relay's settings, bound from the <c>Webhook</c> section (<c>Webhook__Url</c> …). Without a URL
/// the relay is off and <c>express-path-events</c> is left to the operator's own consumer. The signing secret
/// comes from the Key Vault secrets named here when <c>KeyVault__VaultUri</c> is set, from
/// <c>Webhook__Secret</c> otherwise (local runs).
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhook";

    /// <summary>The backend's endpoint (<c>Webhook__Url</c>): https, or plain http to a loopback address.</summary>
    public string? Url { get; set; }

    /// <summary>How long one attempt may take, connection and answer included (<c>Webhook__Timeout</c>).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The signing secret, <c>whsec_</c> + Base64 (<c>Webhook__Secret</c>): local development only.</summary>
    public string? Secret { get; set; }

    /// <summary>The secret before a change, still signing while the backend switches (<c>Webhook__PreviousSecret</c>).</summary>
    public string? PreviousSecret { get; set; }

    /// <summary>The vault secret holding the signing secret (<c>Webhook__SecretName</c>).</summary>
    public string SecretName { get; set; } = "webhook-secret";

    /// <summary>The vault secret holding the previous signing secret during a change (<c>Webhook__PreviousSecretName</c>).</summary>
    public string? PreviousSecretName { get; set; }

    /// <summary>The endpoint, or null when the relay is off. The validator has checked that it parses.</summary>
    public Uri? Endpoint => string.IsNullOrWhiteSpace(Url) ? null : new Uri(Url, UriKind.Absolute);
}
