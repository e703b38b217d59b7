using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Webhooks;

/// <summary>The signing secrets from settings (<c>Webhook__Secret</c>, <c>Webhook__PreviousSecret</c>): local runs.</summary>
public sealed class ConfiguredWebhookSecrets(IOptions<WebhookOptions> options) : IWebhookSecrets
{
    private readonly Lazy<WebhookSigningKeys> _keys = new(() => Read(options.Value));

    public ValueTask<WebhookSigningKeys> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_keys.Value);

    // Settings do not change under a running app: there is nothing newer to find.
    public ValueTask<WebhookSigningKeys?> RefreshAsync(WebhookSigningKeys used, CancellationToken cancellationToken) =>
        ValueTask.FromResult<WebhookSigningKeys?>(null);

    // The validator has checked both at start; these throws only guard a skipped validation.
    private static WebhookSigningKeys Read(WebhookOptions options)
    {
        if (!WebhookSecret.TryParse(options.Secret, out var current))
        {
            throw new SecretUnavailableException("Webhook__Secret is not set or not a whsec_ secret", isTransient: false);
        }

        WebhookSecret? previous = null;
        if (options.PreviousSecret is not null && !WebhookSecret.TryParse(options.PreviousSecret, out previous))
        {
            throw new SecretUnavailableException("Webhook__PreviousSecret is not a whsec_ secret", isTransient: false);
        }

        return new WebhookSigningKeys(current, previous);
    }
}
