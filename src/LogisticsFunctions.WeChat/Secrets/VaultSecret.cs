using Azure.Security.KeyVault.Secrets;
using LogisticsFunctions.WeChat.Telemetry;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.WeChat.Secrets;

/// <summary>
/// One named secret in Azure Key Vault. It is read once and kept: the last good value keeps serving
/// while the vault is down, and it is read again only when asked (the value was refused), so rotating
/// the secret in the vault takes effect without a restart. Concurrent reads share one request to the vault,
/// counted in <c>wechat.key_vault.reads</c> under <paramref name="role"/> (<see cref="SecretRole"/>).
/// </summary>
public sealed class VaultSecret(
    SecretClient client, string name, string role, TimeSpan readTimeout, TimeProvider timeProvider, WeChatMetrics metrics, ILogger logger)
{
    private readonly Lock _gate = new();
    private string? _value;
    private Task<string>? _read;

    /// <summary>The secret's name in the vault.</summary>
    public string Name { get; } = name;

    /// <summary>The cached value, or the result of the read in flight, or of a new read.</summary>
    public ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        var value = Volatile.Read(ref _value);
        return value is not null ? ValueTask.FromResult(value) : new ValueTask<string>(ReadShared(reread: false).WaitAsync(cancellationToken));
    }

    /// <summary>
    /// <paramref name="rejected"/> was refused: read the secret again and return what the vault holds now
    /// (<paramref name="rejected"/> itself when it still holds that). When another caller has already
    /// replaced the refused value, that value is returned without a read.
    /// </summary>
    public ValueTask<string> RefreshAsync(string rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        lock (_gate)
        {
            if (_value is not null && _value != rejected)
            {
                return ValueTask.FromResult(_value);
            }
        }

        logger.LogWarning("The value of secret {SecretName} was refused; reading it from Key Vault again", Name);
        return new ValueTask<string>(ReadShared(reread: true).WaitAsync(cancellationToken));
    }

    // reread: read even when a value is cached (it was refused); otherwise a read that completed since the
    // caller looked serves it.
    private Task<string> ReadShared(bool reread)
    {
        lock (_gate)
        {
            if (_read is not null)
            {
                return _read;
            }

            if (!reread && _value is { } value)
            {
                return Task.FromResult(value);
            }

            // One read for everyone waiting, not tied to any one caller's cancellation: the others still
            // want its result, and readTimeout bounds it.
            return _read = SharedWork.Start(ReadAsync);
        }
    }

    private async Task<string> ReadAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(readTimeout, timeProvider);
            var value = (await client.GetSecretCountedAsync(Name, version: null, metrics, role, timeout.Token)).Value;
            if (string.IsNullOrEmpty(value))
            {
                throw new SecretUnavailableException($"Key Vault secret '{Name}' is empty", isTransient: false);
            }

            lock (_gate)
            {
                _value = value;
            }

            logger.LogInformation("Read secret {SecretName} from Key Vault", Name);
            return value;
        }
        catch (Exception ex)
        {
            var failure = ex as SecretUnavailableException ?? VaultFailures.Describe(Name, ex);
            logger.LogError("Reading secret {SecretName} from Key Vault failed: {Reason}", Name, failure.Message);
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
}
