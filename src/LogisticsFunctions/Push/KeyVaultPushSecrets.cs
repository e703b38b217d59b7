using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Push;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

/// <summary>
/// The push Token and keys from Key Vault, read together once and kept. They are read again only when a
/// push fails in a way a rotation explains (a signature or key mismatch), at most once a minute; a failed
/// read is remembered for a few seconds, so unauthenticated requests cannot turn into vault traffic either.
/// </summary>
public sealed class KeyVaultPushSecrets(
    SecretClient client,
    IOptions<PushOptions> pushOptions,
    IOptions<KeyVaultOptions> keyVaultOptions,
    TimeProvider timeProvider,
    ILogger<KeyVaultPushSecrets> logger) : IPushSecrets
{
    /// <summary>The least time between two re-reads triggered by failed pushes.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    /// <summary>How long a failed read is answered from memory before the vault is asked again.</summary>
    public static readonly TimeSpan FailureCooldown = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly PushOptions _options = pushOptions.Value;
    private PushCredentials? _credentials;
    private Task<PushCredentials>? _read;
    private PushSecretsUnavailableException? _failure;
    private DateTimeOffset _failedAt;
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    public ValueTask<PushCredentials> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_credentials is not null)
            {
                return ValueTask.FromResult(_credentials);
            }

            if (_failure is not null && timeProvider.GetUtcNow() - _failedAt < FailureCooldown)
            {
                return ValueTask.FromException<PushCredentials>(_failure);
            }
        }

        return new ValueTask<PushCredentials>(ReadShared().WaitAsync(cancellationToken));
    }

    public async ValueTask<PushCredentials?> RefreshAsync(PushCredentials used, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(used);
        lock (_gate)
        {
            if (_credentials is not null && !ReferenceEquals(_credentials, used))
            {
                return _credentials;
            }

            var now = timeProvider.GetUtcNow();
            if (now - _lastRefresh < RefreshInterval)
            {
                return null;
            }

            _lastRefresh = now;
        }

        logger.LogInformation("A push failed its signature or key check; reading the push secrets from Key Vault again in case they were rotated");
        try
        {
            var read = await ReadShared().WaitAsync(cancellationToken);
            return read == used ? null : read;
        }
        catch (PushSecretsUnavailableException)
        {
            // The values in hand keep serving; the read's failure is already logged.
            return null;
        }
    }

    private Task<PushCredentials> ReadShared()
    {
        lock (_gate)
        {
            // One read for everyone waiting, not tied to one caller's cancellation; ReadTimeout bounds it.
            return _read ??= Task.Run(ReadAsync);
        }
    }

    private async Task<PushCredentials> ReadAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(keyVaultOptions.Value.ReadTimeout, timeProvider);
            var token = ReadSecretAsync(_options.PushTokenSecretName, timeout.Token);
            var key = ReadSecretAsync(_options.PushEncodingAesKeySecretName, timeout.Token);
            var previousKey = _options.PushPreviousEncodingAesKeySecretName is { } previousName
                ? ReadSecretAsync(previousName, timeout.Token, optional: true)
                : Task.FromResult<string?>(null);

            var credentials = new PushCredentials(
                (await token)!,
                ParseKey(await key, _options.PushEncodingAesKeySecretName)!,
                ParseKey(await previousKey, _options.PushPreviousEncodingAesKeySecretName));
            lock (_gate)
            {
                // An unchanged read keeps the instance in hand, so RefreshAsync can tell "nothing new" by equality.
                _credentials = credentials == _credentials ? _credentials : credentials;
                _failure = null;
                credentials = _credentials!;
            }

            logger.LogInformation("Read the push secrets {TokenSecret} and {KeySecret} from Key Vault", _options.PushTokenSecretName, _options.PushEncodingAesKeySecretName);
            return credentials;
        }
        catch (Exception ex)
        {
            var failure = ex as PushSecretsUnavailableException
                ?? new PushSecretsUnavailableException($"reading the push secrets from Key Vault failed ({ex.GetType().Name})", isTransient: true, ex);
            lock (_gate)
            {
                _failure = failure;
                _failedAt = timeProvider.GetUtcNow();
            }

            logger.LogError("Reading the push secrets from Key Vault failed: {Reason}", failure.Message);
            throw failure;
        }
        finally
        {
            lock (_gate)
            {
                _read = null;
            }
        }
    }

    private async Task<string?> ReadSecretAsync(string name, CancellationToken cancellationToken, bool optional = false)
    {
        try
        {
            var value = (await client.GetSecretAsync(name, version: null, cancellationToken: cancellationToken)).Value.Value;
            return string.IsNullOrEmpty(value)
                ? throw new PushSecretsUnavailableException($"Key Vault secret '{name}' is empty", isTransient: false)
                : value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && optional)
        {
            // The rotation is over and the old key was removed: nothing to fall back to, which is fine.
            logger.LogWarning("Key Vault has no secret {SecretName}; no previous EncodingAESKey is accepted", name);
            return null;
        }
        catch (RequestFailedException ex)
        {
            // Status and error code only: the exception's message carries the vault's headers and body.
            throw ex.Status switch
            {
                401 or 403 => new PushSecretsUnavailableException($"Key Vault denied access to secret '{name}' ({ex.Status} {ex.ErrorCode}): grant the app's identity the Key Vault Secrets User role", isTransient: false, ex),
                404 => new PushSecretsUnavailableException($"Key Vault has no secret '{name}': set it with az keyvault secret set", isTransient: false, ex),
                429 or >= 500 or 0 => new PushSecretsUnavailableException($"Key Vault could not serve secret '{name}' (HTTP {ex.Status})", isTransient: true, ex),
                _ => new PushSecretsUnavailableException($"Key Vault refused to read secret '{name}' (HTTP {ex.Status} {ex.ErrorCode})", isTransient: false, ex),
            };
        }
        catch (OperationCanceledException ex)
        {
            throw new PushSecretsUnavailableException($"Key Vault did not answer in time when reading secret '{name}'", isTransient: true, ex);
        }
        catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException)
        {
            throw new PushSecretsUnavailableException($"no Azure credential could get a token for Key Vault to read secret '{name}': check the app's managed identity", isTransient: false, ex);
        }
    }

    private static PushEncodingAesKey? ParseKey(string? value, string? secretName) =>
        value is null ? null
            : PushEncodingAesKey.TryParse(value, out var key) ? key
            : throw new PushSecretsUnavailableException(
                $"Key Vault secret '{secretName}' is not a {PushEncodingAesKey.TextLength}-character EncodingAESKey", isTransient: false);
}
