namespace LogisticsFunctions.Webhooks;

/// <summary>The signing secrets: from Key Vault on Azure, from settings locally.</summary>
public interface IWebhookSecrets
{
    /// <summary>The secrets in use, cached after the first read.</summary>
    ValueTask<WebhookSigningKeys> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The backend refused a signature made with <paramref name="used"/> (401 or 403): the secrets may have been
    /// changed at the source. Returns newer keys when the source holds different ones, else null; a source is
    /// re-read at most once per <see cref="KeyVaultWebhookSecrets.RefreshInterval"/> per instance.
    /// </summary>
    ValueTask<WebhookSigningKeys?> RefreshAsync(WebhookSigningKeys used, CancellationToken cancellationToken);
}
