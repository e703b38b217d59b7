using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChat.Api;
using LogisticsFunctions.WeChat.AppSecrets;
using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Http;
using LogisticsFunctions.WeChat.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;

namespace LogisticsFunctions.WeChat;

public static class WeChatServiceCollectionExtensions
{
    /// <summary>
    /// Registers the WeChat API client with its token and secret providers, bound to the <c>WeChat</c>
    /// and <c>KeyVault</c> sections of <paramref name="configuration"/> and validated at start.
    /// A <see cref="TokenCredential"/> or <see cref="SecretClientOptions"/> registered before this call
    /// replaces the defaults (<see cref="AzureCredentials.Create"/>, the SDK's options with a short retry budget).
    /// </summary>
    public static IServiceCollection AddWeChat(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<WeChatOptions>().Bind(configuration.GetSection(WeChatOptions.SectionName)).ValidateOnStart();
        services.AddOptions<KeyVaultOptions>().Bind(configuration.GetSection(KeyVaultOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeyVaultOptions>, KeyVaultOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<WeChatMetrics>();

        services.AddHttpClient(WeChatHttpClient.HttpClientName, static (provider, client) =>
            {
                var baseUrl = provider.GetRequiredService<IOptions<WeChatOptions>>().Value.ApiBaseUrl.ToString();
                client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // A redirect would carry the AppSecret (stable_token's body) or a token (the query) to another
            // host: WeChat's API never redirects, so a 3xx is an error, not a hop.
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddResiliencePipeline<string, WeChatResponse>(WeChatHttpClient.PipelineName, static (builder, context) =>
        {
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            WeChatResilience.Configure(builder, context.ServiceProvider.GetRequiredService<IOptions<WeChatOptions>>().Value);
        });

        services.TryAddSingleton(static _ => AzureCredentials.Create(Environment.GetEnvironmentVariable));
        services.TryAddSingleton(static _ => new SecretClientOptions
        {
            // The request has a deadline; the SDK's default (3 retries, 100 s network timeout) does not fit it.
            Retry = { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(200), NetworkTimeout = TimeSpan.FromSeconds(3) },
        });
        services.TryAddSingleton(static provider => new SecretClient(
            provider.GetRequiredService<IOptions<KeyVaultOptions>>().Value.VaultUri
                ?? throw new InvalidOperationException("KeyVault__VaultUri is not set."),
            provider.GetRequiredService<TokenCredential>(),
            provider.GetRequiredService<SecretClientOptions>()));
        services.TryAddSingleton<IAppSecretProvider>(static provider =>
            provider.GetRequiredService<IOptions<KeyVaultOptions>>().Value.VaultUri is null
                ? ActivatorUtilities.CreateInstance<ConfiguredAppSecretProvider>(provider)
                : ActivatorUtilities.CreateInstance<KeyVaultAppSecretProvider>(provider));

        services.TryAddSingleton<WeChatHttpClient>();
        services.TryAddSingleton<StableTokenClient>();
        services.TryAddSingleton<AccessTokenProvider>();
        services.TryAddSingleton<WeChatApiClient>();
        services.AddHostedService<WeChatWarmUpService>();
        return services;
    }
}
