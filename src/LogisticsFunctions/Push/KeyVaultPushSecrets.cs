using Azure.Security.KeyVault.Secrets;
using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Push;
using LogisticsFunctions.WeChat.Secrets;
using LogisticsFunctions.WeChat.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

/// <summary>
/// The push Token and keys from Key Vault: read once and kept (the last good values keep serving while the
/// vault is down), and read again when a request fails in a way a rotation explains. A signature that
/// matches no Token re-reads the Token, a key that opens nothing re-reads the keys, each through a
/// <see cref="PacedRead{T}"/>: the read starts after the request asked (so the first request signed with a
/// new Token is accepted on its first try, whatever came just before it), is shared with every request
/// waiting for it, and starts at most once per <see cref="RefreshPace"/> per instance, so a flood of forged
/// requests costs at most one vault read a second and can never hold a re-read off for longer. A failed
/// first read is answered from memory for <see cref="FailureCooldown"/>.
/// </summary>
public sealed class KeyVaultPushSecrets : IPushSecrets
{
    /// <summary>The least time between the starts of two re-reads of the Token (or of the keys): well inside WeChat's 5 s.</summary>
    public static readonly TimeSpan RefreshPace = TimeSpan.FromSeconds(1);

    /// <summary>How long a failed first read is answered from memory before the vault is asked again.</summary>
    public static readonly TimeSpan FailureCooldown = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _readTimeout;
    private readonly ILogger<KeyVaultPushSecrets> _logger;
    private readonly VaultPushToken _token;
    private readonly VaultPushKeys _keys;
    private readonly PacedRead<PushTokenRead> _tokenReads;
    private readonly PacedRead<PushKeysRead> _keyReads;
    private PushTokenRead? _tokenRead;
    private PushKeysRead? _keysRead;
    private PushCredentials? _credentials;
    private (string Message, bool IsTransient)? _failure;
    private long _failedAt;

    public KeyVaultPushSecrets(
        SecretClient client,
        IOptions<PushOptions> pushOptions,
        IOptions<KeyVaultOptions> keyVaultOptions,
        TimeProvider timeProvider,
        WeChatMetrics metrics,
        ILogger<KeyVaultPushSecrets> logger)
    {
        ArgumentNullException.ThrowIfNull(pushOptions);
        ArgumentNullException.ThrowIfNull(keyVaultOptions);
        var options = pushOptions.Value;
        _timeProvider = timeProvider;
        _readTimeout = keyVaultOptions.Value.ReadTimeout;
        _logger = logger;
        _token = new VaultPushToken(client, options.PushTokenSecretName, options.PushPreviousTokenLifetime, timeProvider, metrics, logger);
        _keys = new VaultPushKeys(
            client, options.PushEncodingAesKeySecretName, options.PushPreviousEncodingAesKeySecretName, keyRequired: options.Mode != PushEncryptionMode.Plain, metrics, logger);
        _tokenReads = new PacedRead<PushTokenRead>(ReadTokenAsync, RefreshPace, timeProvider);
        _keyReads = new PacedRead<PushKeysRead>(ReadKeysAsync, RefreshPace, timeProvider);
    }

    public async ValueTask<PushCredentials> GetAsync(CancellationToken cancellationToken)
    {
        Task<PushTokenRead> token;
        Task<PushKeysRead> keys;
        lock (_gate)
        {
            if (_credentials is { } credentials)
            {
                return credentials;
            }

            if (_failure is { } failure && _timeProvider.GetElapsedTime(_failedAt) < FailureCooldown)
            {
                // A new exception per caller: one object thrown by many concurrent requests would have its stack rewritten under each.
                throw new SecretUnavailableException(failure.Message, failure.IsTransient);
            }

            token = _tokenRead is { } tokenRead ? Task.FromResult(tokenRead) : _tokenReads.AnyAsync();
            keys = _keysRead is { } keysRead ? Task.FromResult(keysRead) : _keyReads.AnyAsync();
        }

        try
        {
            await Task.WhenAll(token, keys).WaitAsync(cancellationToken);
        }
        catch (SecretUnavailableException ex)
        {
            lock (_gate)
            {
                _failure = (ex.Message, ex.IsTransient);
                _failedAt = _timeProvider.GetTimestamp();
            }

            throw;
        }

        lock (_gate)
        {
            return _credentials!;
        }
    }

    public ValueTask<PushCredentials?> RefreshTokenAsync(PushCredentials used, CancellationToken cancellationToken) =>
        RefreshAsync(used, _tokenReads, cancellationToken);

    public ValueTask<PushCredentials?> RefreshKeysAsync(PushCredentials used, CancellationToken cancellationToken) =>
        RefreshAsync(used, _keyReads, cancellationToken);

    private async ValueTask<PushCredentials?> RefreshAsync<T>(PushCredentials used, PacedRead<T> reads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(used);
        try
        {
            await reads.NextAsync().WaitAsync(cancellationToken);
        }
        catch (SecretUnavailableException)
        {
            // The values in hand keep serving; the read's failure is already logged.
            return null;
        }

        lock (_gate)
        {
            return ReferenceEquals(_credentials, used) ? null : _credentials;
        }
    }

    private Task<PushTokenRead> ReadTokenAsync() => ReadAsync(_token.Name, async timeout =>
    {
        PushTokenRead? known;
        lock (_gate)
        {
            known = _tokenRead;
        }

        var read = await _token.ReadAsync(known, timeout);
        lock (_gate)
        {
            if (read != _tokenRead)
            {
                // Logged by version and time only: the version id names the secret's version, not its value.
                _logger.LogInformation(
                    "Read the push Token {SecretName} version {Version} from Key Vault; a previous Token is accepted until {PreviousTokenUntil}",
                    _token.Name,
                    read.Version,
                    read.Previous is null ? "never (none)" : read.PreviousUntil.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
                _tokenRead = read;
                Rebuild();
            }
        }

        return read;
    });

    private Task<PushKeysRead> ReadKeysAsync() => ReadAsync(_keys.Name, async timeout =>
    {
        var read = await _keys.ReadAsync(timeout);
        lock (_gate)
        {
            if (read != _keysRead)
            {
                _logger.LogInformation(
                    "Read the push EncodingAESKey from Key Vault: {Key}, previous key {PreviousKey} until {PreviousKeyUntil}",
                    read.Current is null ? "none" : "present",
                    read.Previous is null ? "none" : "present",
                    read.PreviousUntil?.ToString("o", System.Globalization.CultureInfo.InvariantCulture) ?? "no end date");
                _keysRead = read;
                Rebuild();
            }
        }

        return read;
    });

    // One read with its own deadline, not tied to any one request: every request waiting for it wants its
    // result. The readers name the secret that failed; secretName only covers what they did not foresee.
    private async Task<T> ReadAsync<T>(string secretName, Func<CancellationToken, Task<T>> read)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_readTimeout, _timeProvider);
            return await read(timeout.Token);
        }
        catch (Exception ex)
        {
            var failure = ex as SecretUnavailableException ?? VaultFailures.Describe(secretName, ex);
            _logger.LogError("Reading the push secrets from Key Vault failed: {Reason}", failure.Message);
            throw failure;
        }
    }

    // Unchanged values keep the instance in hand, so a refresh can tell "nothing new" by reference.
    private void Rebuild()
    {
        if (_tokenRead is not { } token || _keysRead is not { } keys)
        {
            return;
        }

        _credentials = new PushCredentials(token.Value, keys.Current)
        {
            PreviousToken = token.Previous,
            PreviousTokenUntil = token.PreviousUntil,
            PreviousKey = keys.Previous,
            PreviousKeyUntil = keys.PreviousUntil,
        };
        _failure = null;
    }
}
