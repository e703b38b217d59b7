using Azure.Security.KeyVault.Secrets;
using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Secrets;
using LogisticsFunctions.WeChat.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.WeChat.AppSecrets;

/// <summary>The AppSecret from Azure Key Vault (<c>WeChat__AppSecretName</c>), cached and re-read when WeChat refuses it.</summary>
public sealed class KeyVaultAppSecretProvider(
    SecretClient client,
    IOptions<WeChatOptions> weChatOptions,
    IOptions<KeyVaultOptions> keyVaultOptions,
    TimeProvider timeProvider,
    WeChatMetrics metrics,
    ILogger<KeyVaultAppSecretProvider> logger) : IAppSecretProvider
{
    private readonly VaultSecret _secret = new(
        client, weChatOptions.Value.AppSecretName, SecretRole.AppSecret, keyVaultOptions.Value.ReadTimeout, timeProvider, metrics, logger);

    public ValueTask<string> GetAsync(CancellationToken cancellationToken) => _secret.GetAsync(cancellationToken);

    public ValueTask<string> RefreshAsync(string rejected, CancellationToken cancellationToken) => _secret.RefreshAsync(rejected, cancellationToken);
}
