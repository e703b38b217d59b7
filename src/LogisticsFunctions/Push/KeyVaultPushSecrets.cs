using Azure;
using Azure.Security.KeyVault.Secrets;
using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Push;
using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

/// <summary>
/// The push Token and keys from Key Vault, each a cached <see cref="VaultSecret"/> (read once, shared reads,
/// the last good value kept). They are read again only when a push fails in a way a rotation explains (a
/// signature or key mismatch), at most once a minute; a failed read is answered from memory for a few
/// seconds, so requests from anyone, signed or not, cannot turn into vault traffic.
/// </summary>
public sealed class KeyVaultPushSecrets : IPushSecrets
{
    /// <summary>The least time between two re-reads triggered by failed pushes.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    /// <summary>How long a failed read is answered from memory before the vault is asked again.</summary>
    public static readonly TimeSpan FailureCooldown = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<KeyVaultPushSecrets> _logger;
    private readonly VaultSecret _token;
    private readonly VaultSecret _key;
    private readonly VaultSecret? _previousKey;
    private Current? _current;
    private SecretUnavailableException? _failure;
    private DateTimeOffset _failedAt;
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    public KeyVaultPushSecrets(
        SecretClient client,
        IOptions<PushOptions> pushOptions,
        IOptions<KeyVaultOptions> keyVaultOptions,
        TimeProvider timeProvider,
        ILogger<KeyVaultPushSecrets> logger)
    {
        ArgumentNullException.ThrowIfNull(pushOptions);
        ArgumentNullException.ThrowIfNull(keyVaultOptions);
        var options = pushOptions.Value;
        var readTimeout = keyVaultOptions.Value.ReadTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
        _token = new VaultSecret(client, options.PushTokenSecretName, readTimeout, timeProvider, logger);
        _key = new VaultSecret(client, options.PushEncodingAesKeySecretName, readTimeout, timeProvider, logger);
        _previousKey = options.PushPreviousEncodingAesKeySecretName is { } previous
            ? new VaultSecret(client, previous, readTimeout, timeProvider, logger)
            : null;
    }

    public async ValueTask<PushCredentials> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_current is { } current)
            {
                return current.Credentials;
            }

            if (_failure is not null && _timeProvider.GetUtcNow() - _failedAt < FailureCooldown)
            {
                throw _failure;
            }
        }

        return await ReadAsync(rejected: null, cancellationToken);
    }

    public async ValueTask<PushCredentials?> RefreshAsync(PushCredentials used, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(used);
        Current? rejected;
        lock (_gate)
        {
            if (_current is { } current && !ReferenceEquals(current.Credentials, used))
            {
                return current.Credentials;
            }

            var now = _timeProvider.GetUtcNow();
            if (now - _lastRefresh < RefreshInterval)
            {
                return null;
            }

            _lastRefresh = now;
            rejected = _current;
        }

        _logger.LogInformation("A push failed its signature or key check; reading the push secrets from Key Vault again in case they were rotated");
        try
        {
            var read = await ReadAsync(rejected, cancellationToken);
            return ReferenceEquals(read, used) ? null : read;
        }
        catch (SecretUnavailableException)
        {
            // The values in hand keep serving; the read's failure is already logged.
            return null;
        }
    }

    // Reads what is not cached (or, after a refusal, what the refused credentials held) and builds the credentials.
    private async Task<PushCredentials> ReadAsync(Current? rejected, CancellationToken cancellationToken)
    {
        try
        {
            var token = rejected is null ? _token.GetAsync(cancellationToken) : _token.RefreshAsync(rejected.Token, cancellationToken);
            var key = rejected is null ? _key.GetAsync(cancellationToken) : _key.RefreshAsync(rejected.Key, cancellationToken);
            var previousKey = await ReadPreviousKeyAsync(rejected, cancellationToken);
            var read = new Current(await token, await key, previousKey);
            lock (_gate)
            {
                // Unchanged values keep the instance in hand, so a refresh can tell "nothing new" by reference.
                if (_current is null || !_current.SameValues(read))
                {
                    _current = read with { Credentials = Build(read) };
                }

                _failure = null;
                return _current.Credentials;
            }
        }
        catch (SecretUnavailableException ex)
        {
            lock (_gate)
            {
                _failure = ex;
                _failedAt = _timeProvider.GetUtcNow();
            }

            throw;
        }
    }

    private async Task<string?> ReadPreviousKeyAsync(Current? rejected, CancellationToken cancellationToken)
    {
        if (_previousKey is null)
        {
            return null;
        }

        try
        {
            return rejected?.PreviousKey is { } previous
                ? await _previousKey.RefreshAsync(previous, cancellationToken)
                : await _previousKey.GetAsync(cancellationToken);
        }
        catch (SecretUnavailableException ex) when (ex.InnerException is RequestFailedException { Status: 404 })
        {
            // The rotation is over and the old key was removed: nothing to fall back to, which is fine.
            _logger.LogWarning("Key Vault has no secret {SecretName}; no previous EncodingAESKey is accepted", _previousKey.Name);
            return null;
        }
    }

    private PushCredentials Build(Current read) =>
        new(read.Token, ParseKey(read.Key, _key.Name)!, ParseKey(read.PreviousKey, _previousKey?.Name));

    private static PushEncodingAesKey? ParseKey(string? value, string? secretName) =>
        value is null ? null
            : PushEncodingAesKey.TryParse(value, out var key) ? key
            : throw new SecretUnavailableException(
                $"Key Vault secret '{secretName}' is not a {PushEncodingAesKey.TextLength}-character EncodingAESKey", isTransient: false);

    // The raw values behind the credentials in hand. Not printed anywhere: it holds the Token and keys.
    private sealed record Current(string Token, string Key, string? PreviousKey)
    {
        public PushCredentials Credentials { get; init; } = null!;

        public bool SameValues(Current other) => Token == other.Token && Key == other.Key && PreviousKey == other.PreviousKey;

        public override string ToString() => "PushSecrets(redacted)";
    }
}
