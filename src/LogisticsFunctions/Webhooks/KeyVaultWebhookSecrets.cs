using Azure;
using Azure.Security.KeyVault.Secrets;
using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Secrets;
using LogisticsFunctions.WeChat.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Webhooks;

/// <summary>
/// The signing secrets from Key Vault, each a cached <see cref="VaultSecret"/> (read once, shared reads, the last
/// good value kept). They are read again only when the backend refuses a signature (401 or 403), at most once a
/// minute per instance: that is how a secret changed in the vault reaches a running app.
/// </summary>
public sealed class KeyVaultWebhookSecrets : IWebhookSecrets
{
    /// <summary>The least time between two re-reads triggered by refused signatures.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<KeyVaultWebhookSecrets> _logger;
    private readonly VaultSecret _current;
    private readonly VaultSecret? _previous;
    private Read? _read;
    private long? _lastRefresh;

    public KeyVaultWebhookSecrets(
        SecretClient client,
        IOptions<WebhookOptions> webhookOptions,
        IOptions<KeyVaultOptions> keyVaultOptions,
        TimeProvider timeProvider,
        WeChatMetrics metrics,
        ILogger<KeyVaultWebhookSecrets> logger)
    {
        ArgumentNullException.ThrowIfNull(webhookOptions);
        ArgumentNullException.ThrowIfNull(keyVaultOptions);
        var options = webhookOptions.Value;
        var readTimeout = keyVaultOptions.Value.ReadTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
        _current = new VaultSecret(client, options.SecretName, SecretRole.WebhookSecret, readTimeout, timeProvider, metrics, logger);
        _previous = options.PreviousSecretName is { } previous
            ? new VaultSecret(client, previous, SecretRole.WebhookPreviousSecret, readTimeout, timeProvider, metrics, logger)
            : null;
    }

    public async ValueTask<WebhookSigningKeys> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_read is { } read)
            {
                return read.Keys;
            }
        }

        return await ReadAsync(rejected: null, cancellationToken);
    }

    public async ValueTask<WebhookSigningKeys?> RefreshAsync(WebhookSigningKeys used, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(used);
        Read? rejected;
        lock (_gate)
        {
            if (_read is { } read && !ReferenceEquals(read.Keys, used))
            {
                return read.Keys;
            }

            // The monotonic clock: a step of the wall clock neither stretches nor skips the interval.
            if (_lastRefresh is { } last && _timeProvider.GetElapsedTime(last) < RefreshInterval)
            {
                return null;
            }

            _lastRefresh = _timeProvider.GetTimestamp();
            rejected = _read;
        }

        try
        {
            var keys = await ReadAsync(rejected, cancellationToken);
            return keys.SameKeys(used) ? null : keys;
        }
        catch (SecretUnavailableException)
        {
            // The keys in hand keep signing; the read's failure is already logged.
            return null;
        }
    }

    private async Task<WebhookSigningKeys> ReadAsync(Read? rejected, CancellationToken cancellationToken)
    {
        var current = rejected is null ? await _current.GetAsync(cancellationToken) : await _current.RefreshAsync(rejected.Current, cancellationToken);
        var previous = await ReadPreviousAsync(rejected, cancellationToken);
        var keys = new WebhookSigningKeys(Parse(current, _current.Name), previous is null ? null : Parse(previous, _previous!.Name));
        lock (_gate)
        {
            // Unchanged values keep the instance in hand, so a refresh can tell "nothing new" by reference.
            if (_read is null || _read.Current != current || _read.Previous != previous)
            {
                _read = new Read(current, previous, keys);
            }

            return _read.Keys;
        }
    }

    private async Task<string?> ReadPreviousAsync(Read? rejected, CancellationToken cancellationToken)
    {
        if (_previous is null)
        {
            return null;
        }

        try
        {
            return rejected?.Previous is { } previous
                ? await _previous.RefreshAsync(previous, cancellationToken)
                : await _previous.GetAsync(cancellationToken);
        }
        catch (SecretUnavailableException ex) when (ex.InnerException is RequestFailedException { Status: 404 })
        {
            // The change is over and the old secret was removed: only the current one signs, which is fine.
            _logger.LogWarning("Key Vault has no secret {SecretName}; webhooks are signed with the current secret only", _previous.Name);
            return null;
        }
    }

    private static WebhookSecret Parse(string value, string secretName) =>
        WebhookSecret.TryParse(value, out var secret)
            ? secret
            : throw new SecretUnavailableException(
                $"Key Vault secret '{secretName}' is not a webhook secret (whsec_ followed by the Base64 of {WebhookSecret.MinKeyBytes} to {WebhookSecret.MaxKeyBytes} bytes)",
                isTransient: false);

    // The raw values behind the keys in hand. Not printed anywhere: it holds the secrets.
    private sealed record Read(string Current, string? Previous, WebhookSigningKeys Keys)
    {
        public override string ToString() => "WebhookSecrets(redacted)";
    }
}
