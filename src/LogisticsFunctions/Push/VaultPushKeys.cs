using Azure;
using Azure.Security.KeyVault.Secrets;
using LogisticsFunctions.WeChat.Push;
using LogisticsFunctions.WeChat.Secrets;
using LogisticsFunctions.WeChat.Telemetry;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Push;

/// <summary>
/// The push EncodingAESKey in Key Vault and, during a rotation, the previous one under its own secret name,
/// accepted until that secret's <c>expires</c> attribute (Key Vault itself still returns an expired secret,
/// so the receiver enforces the date). In plain mode the key may be absent.
/// </summary>
internal sealed class VaultPushKeys(
    SecretClient client, string keyName, string? previousKeyName, bool keyRequired, WeChatMetrics metrics, ILogger logger)
{
    public string Name => keyName;

    public async Task<PushKeysRead> ReadAsync(CancellationToken cancellationToken)
    {
        var current = ReadCurrentAsync(cancellationToken);
        var previous = previousKeyName is null ? Task.FromResult<KeyVaultSecret?>(null) : ReadPreviousAsync(previousKeyName, cancellationToken);
        await Task.WhenAll(current, previous);
        return new PushKeysRead(Parse(await current, keyName), Parse(await previous, previousKeyName))
        {
            PreviousUntil = (await previous)?.Properties.ExpiresOn,
        };
    }

    private async Task<KeyVaultSecret?> ReadCurrentAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetSecretCountedAsync(keyName, version: null, metrics, SecretRole.PushAesKey, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && !keyRequired)
        {
            // Plain mode needs no key: encrypted pushes are then answered "misconfigured".
            return null;
        }
        catch (Exception ex) when (ex is not SecretUnavailableException)
        {
            throw VaultFailures.Describe(keyName, ex);
        }
    }

    private async Task<KeyVaultSecret?> ReadPreviousAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetSecretCountedAsync(name, version: null, metrics, SecretRole.PushPreviousAesKey, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The rotation is over and the old key was removed: nothing to fall back to, which is fine.
            logger.LogWarning("Key Vault has no secret {SecretName}; no previous EncodingAESKey is accepted", name);
            return null;
        }
        catch (Exception ex) when (ex is not SecretUnavailableException)
        {
            throw VaultFailures.Describe(name, ex);
        }
    }

    private static PushEncodingAesKey? Parse(KeyVaultSecret? secret, string? name) =>
        secret is null ? null
            : PushEncodingAesKey.TryParse(secret.Value, out var key) ? key
            : throw new SecretUnavailableException(
                $"Key Vault secret '{name}' is not a {PushEncodingAesKey.TextLength}-character EncodingAESKey", isTransient: false);
}

/// <summary>What a read of the push keys found.</summary>
internal sealed record PushKeysRead(PushEncodingAesKey? Current, PushEncodingAesKey? Previous)
{
    public DateTimeOffset? PreviousUntil { get; init; }
}
