using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using LogisticsFunctions.WeChat.Secrets;
using LogisticsFunctions.WeChat.Telemetry;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Push;

/// <summary>
/// The push Token in Key Vault, with the version before it while that one is still accepted. The vault keeps
/// every version of a secret: when the current one was created less than <c>lifetime</c> ago, the newest
/// enabled version created before it is the previous Token, accepted until the current one is
/// <c>lifetime</c> old (or until its own <c>expires</c>, when sooner). Judged by the vault's own creation
/// time, so every instance, a fresh one too, accepts the same Tokens.
/// </summary>
internal sealed class VaultPushToken(
    SecretClient client, string name, TimeSpan lifetime, TimeProvider timeProvider, WeChatMetrics metrics, ILogger logger)
{
    public string Name { get; } = name;

    /// <summary>
    /// Reads the current version; looks for the previous one only when the current version is new to
    /// <paramref name="known"/> (or its lookup failed), so a re-read of an unchanged Token is one request.
    /// </summary>
    public async Task<PushTokenRead> ReadAsync(PushTokenRead? known, CancellationToken cancellationToken)
    {
        var secret = await client.GetSecretCountedAsync(Name, version: null, metrics, SecretRole.PushToken, cancellationToken);
        if (string.IsNullOrEmpty(secret.Value))
        {
            throw new SecretUnavailableException($"Key Vault secret '{Name}' is empty", isTransient: false);
        }

        var version = secret.Properties.Version;
        if (known is { PreviousUnknown: false } && known.Version == version && known.Value == secret.Value)
        {
            return known;
        }

        return await WithPreviousAsync(new PushTokenRead(secret.Value, version), secret.Properties.CreatedOn, cancellationToken);
    }

    private async Task<PushTokenRead> WithPreviousAsync(PushTokenRead current, DateTimeOffset? createdOn, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (createdOn is not { } created || created + lifetime <= now)
        {
            return current;
        }

        try
        {
            SecretProperties? previous = null;
            await foreach (var version in client.GetPropertiesOfSecretVersionsAsync(Name, cancellationToken))
            {
                if (version.Version != current.Version && version.Enabled == true && version.CreatedOn is { } versionCreated
                    && versionCreated <= created && (previous is null || versionCreated > previous.CreatedOn))
                {
                    previous = version;
                }
            }

            var until = created + lifetime;
            if (previous?.ExpiresOn is { } expires && expires < until)
            {
                until = expires;
            }

            if (previous is null || until <= now)
            {
                return current;
            }

            var value = (await client.GetSecretCountedAsync(Name, previous.Version, metrics, SecretRole.PushToken, cancellationToken)).Value;
            return string.IsNullOrEmpty(value) ? current : current with { Previous = value, PreviousUntil = until };
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException or AuthenticationFailedException)
        {
            // The current Token serves; the next read of the same version looks for the previous one again.
            logger.LogWarning(
                "The previous versions of Key Vault secret {SecretName} could not be read ({Reason}); only the current Token is accepted for now",
                Name,
                VaultFailures.Describe(Name, ex).Message);
            return current with { PreviousUnknown = true };
        }
    }
}

/// <summary>What a read of the push Token found. Never printed: it holds the Tokens.</summary>
internal sealed record PushTokenRead(string Value, string? Version)
{
    public string? Previous { get; init; }

    public DateTimeOffset PreviousUntil { get; init; }

    /// <summary>The previous versions could not be listed: look again on the next read.</summary>
    public bool PreviousUnknown { get; init; }

    public override string ToString() => "PushTokenRead(redacted)";
}
