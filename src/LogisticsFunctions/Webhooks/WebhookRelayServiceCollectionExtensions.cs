using LogisticsFunctions.WeChat.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Webhooks;

public static class WebhookRelayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the webhook relay (<see cref="ExpressPathRelay"/>): its settings from the <c>Webhook</c> section,
    /// validated at start when <c>Webhook__Url</c> is set; the signing secrets (Key Vault when
    /// <c>KeyVault__VaultUri</c> is set, settings otherwise); the <c>Webhook</c> HttpClient, which follows no
    /// redirect; and the queues. Call after <c>AddExpressPathPush</c>, which registers the storage settings,
    /// and <c>AddWeChat</c>, which registers the <c>SecretClient</c> and the <c>TokenCredential</c> used here.
    /// </summary>
    public static IServiceCollection AddWebhookRelay(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebhookSecrets>(static provider =>
            provider.GetRequiredService<IOptions<KeyVaultOptions>>().Value.VaultUri is null
                ? ActivatorUtilities.CreateInstance<ConfiguredWebhookSecrets>(provider)
                : ActivatorUtilities.CreateInstance<KeyVaultWebhookSecrets>(provider));

        services.AddHttpClient(WebhookSender.HttpClientName, static client =>
            {
                // The sender's own deadline (Webhook__Timeout, on the app's TimeProvider) bounds each attempt.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("LogisticsFunctions-Webhooks/1.0");
            })
            // A redirect is a failure (Standard Webhooks): the backend should fix its URL, and the signed body
            // must not travel to another host.
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton(static _ => new WebhookRetrySchedule(Random.Shared));
        services.TryAddSingleton<WebhookQueues>();
        services.TryAddSingleton<WebhookRelay>();
        return services;
    }
}
