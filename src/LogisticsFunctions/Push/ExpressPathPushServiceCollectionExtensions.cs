using LogisticsFunctions.WeChat.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

public static class ExpressPathPushServiceCollectionExtensions
{
    /// <summary>
    /// Registers the message-push receiver (<see cref="ExpressPathPush"/>): its settings from the <c>WeChat</c>
    /// section and <c>AzureWebJobsStorage</c>, validated at start, the push secrets (Key Vault when
    /// <c>KeyVault__VaultUri</c> is set, settings otherwise) and the queue with its deduplication.
    /// Call after <c>AddWeChat</c>, which registers the WeChat and Key Vault options, the
    /// <c>SecretClient</c> and the <c>TokenCredential</c> used here.
    /// </summary>
    public static IServiceCollection AddExpressPathPush(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<PushOptions>().Bind(configuration.GetSection(WeChatOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PushOptions>, PushOptionsValidator>());
        services.AddOptions<PushStorageOptions>().Configure(options => PushStorageOptions.Read(configuration, options)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PushStorageOptions>>(new PushStorageOptionsValidator(configuration)));
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<IPushSecrets>(static provider =>
            provider.GetRequiredService<IOptions<KeyVaultOptions>>().Value.VaultUri is null
                ? ActivatorUtilities.CreateInstance<ConfiguredPushSecrets>(provider)
                : ActivatorUtilities.CreateInstance<KeyVaultPushSecrets>(provider));
        services.TryAddSingleton<PushStorage>();
        services.TryAddSingleton<ExpressPathEventSender>();
        services.TryAddSingleton<PushReceiver>();
        return services;
    }
}
