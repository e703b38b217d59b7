using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using LogisticsFunctions.WeChat.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.WeChat.AppSecrets;

/// <summary>
/// The AppSecret from Azure Key Vault. It is read once and kept: the last good value keeps serving
/// while the vault is down, and it is read again only when WeChat refuses it, so rotating the secret
/// in the vault takes effect without a restart. Concurrent reads share one request to the vault.
/// </summary>
public sealed class KeyVaultAppSecretProvider(
    SecretClient client,
    IOptions<WeChatOptions> weChatOptions,
    IOptions<KeyVaultOptions> keyVaultOptions,
    TimeProvider timeProvider,
    ILogger<KeyVaultAppSecretProvider> logger) : IAppSecretProvider
{
    private readonly Lock _gate = new();
    private readonly string _secretName = weChatOptions.Value.AppSecretName;
    private string? _secret;
    private Task<string>? _read;

    public ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        var secret = Volatile.Read(ref _secret);
        return secret is not null ? ValueTask.FromResult(secret) : new ValueTask<string>(ReadShared().WaitAsync(cancellationToken));
    }

    public ValueTask<string> RefreshAsync(string rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        lock (_gate)
        {
            // Another caller has already replaced the refused value: use the new one.
            if (_secret is not null && _secret != rejected)
            {
                return ValueTask.FromResult(_secret);
            }
        }

        logger.LogWarning("WeChat refused the app secret; reading secret {SecretName} from Key Vault again", _secretName);
        return new ValueTask<string>(ReadShared().WaitAsync(cancellationToken));
    }

    private Task<string> ReadShared()
    {
        lock (_gate)
        {
            // One read for everyone waiting. It is not tied to any one caller's cancellation:
            // the others still want its result; ReadTimeout bounds it.
            return _read ??= Task.Run(ReadAsync);
        }
    }

    private async Task<string> ReadAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(keyVaultOptions.Value.ReadTimeout, timeProvider);
            var response = await client.GetSecretAsync(_secretName, version: null, cancellationToken: timeout.Token);
            var value = response.Value.Value;
            if (string.IsNullOrEmpty(value))
            {
                throw new AppSecretUnavailableException($"Key Vault secret '{_secretName}' is empty", isTransient: false);
            }

            lock (_gate)
            {
                _secret = value;
            }

            logger.LogInformation("Read secret {SecretName} from Key Vault", _secretName);
            return value;
        }
        catch (Exception ex)
        {
            var failure = ex as AppSecretUnavailableException ?? Describe(ex);
            logger.LogError("Reading secret {SecretName} from Key Vault failed: {Reason}", _secretName, failure.Message);
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

    // Only the status, the service's error code and our own words: RequestFailedException's message
    // carries the vault's headers and body, which callers and logs do not need.
    private AppSecretUnavailableException Describe(Exception ex) => ex switch
    {
        // The SDK reports a read whose every retry failed as the list of those failures: the last one says most.
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Describe(aggregate.InnerExceptions[^1]),
        RequestFailedException { Status: 401 or 403 } e => new(
            $"Key Vault denied access to secret '{_secretName}' ({e.Status} {e.ErrorCode}): grant the app's identity the Key Vault Secrets User role",
            isTransient: false, ex),
        RequestFailedException { Status: 404 } => new(
            $"Key Vault has no secret '{_secretName}': set it with az keyvault secret set", isTransient: false, ex),
        RequestFailedException { Status: 429 } => new(
            $"Key Vault is throttling reads of secret '{_secretName}'", isTransient: true, ex),
        RequestFailedException { Status: >= 500 } e => new(
            $"Key Vault failed to read secret '{_secretName}' (HTTP {e.Status})", isTransient: true, ex),
        RequestFailedException { Status: 0 } or HttpRequestException => new(
            $"Key Vault could not be reached to read secret '{_secretName}'", isTransient: true, ex),
        RequestFailedException e => new(
            $"Key Vault refused to read secret '{_secretName}' (HTTP {e.Status} {e.ErrorCode})", isTransient: false, ex),
        AuthenticationFailedException or CredentialUnavailableException => new(
            $"no Azure credential could get a token for Key Vault to read secret '{_secretName}': check the app's managed identity",
            isTransient: false, ex),
        OperationCanceledException => new(
            $"Key Vault did not answer in time when reading secret '{_secretName}'", isTransient: true, ex),
        _ => new($"reading secret '{_secretName}' from Key Vault failed ({ex.GetType().Name})", isTransient: true, ex),
    };
}
