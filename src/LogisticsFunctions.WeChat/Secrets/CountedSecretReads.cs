using Azure.Security.KeyVault.Secrets;
using LogisticsFunctions.WeChat.Telemetry;

namespace LogisticsFunctions.WeChat.Secrets;

/// <summary>Every read of a secret the app makes, counted in <c>wechat.key_vault.reads</c> with what the vault answered.</summary>
public static class CountedSecretReads
{
    /// <summary><see cref="SecretClient.GetSecretAsync(string, string, CancellationToken)"/>, counted under <paramref name="role"/> (<see cref="SecretRole"/>).</summary>
    public static async Task<KeyVaultSecret> GetSecretCountedAsync(
        this SecretClient client, string name, string? version, WeChatMetrics metrics, string role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(metrics);
        try
        {
            var secret = (await client.GetSecretAsync(name, version, cancellationToken: cancellationToken)).Value;
            metrics.SecretRead(role, failure: null);
            return secret;
        }
        catch (Exception ex)
        {
            metrics.SecretRead(role, ex);
            throw;
        }
    }
}
