using LogisticsFunctions.WeChat.Push;
using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

/// <summary>
/// The push Token and keys from settings (<c>WeChat__PushToken</c> …): local development and the simulator.
/// Without any of them the app takes no pushes (<see cref="PushNotConfiguredException"/>).
/// </summary>
public sealed class ConfiguredPushSecrets(IOptions<PushOptions> options) : IPushSecrets
{
    private readonly Lazy<PushCredentials?> _credentials = new(() => Read(options.Value));

    public ValueTask<PushCredentials> GetAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(_credentials.Value ?? throw new PushNotConfiguredException());

    // Settings do not change under a running app: there is nothing newer to find.
    public ValueTask<PushCredentials?> RefreshTokenAsync(PushCredentials used, CancellationToken cancellationToken) =>
        ValueTask.FromResult<PushCredentials?>(null);

    public ValueTask<PushCredentials?> RefreshKeysAsync(PushCredentials used, CancellationToken cancellationToken) =>
        ValueTask.FromResult<PushCredentials?>(null);

    // The validator has checked every value at start; these throws only guard a skipped validation.
    private static PushCredentials? Read(PushOptions options)
    {
        if (!options.HasPlainValues)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.PushToken))
        {
            throw new SecretUnavailableException("WeChat__PushToken is not set", isTransient: false);
        }

        return new PushCredentials(options.PushToken, Key(options.PushEncodingAesKey, "WeChat__PushEncodingAesKey"))
        {
            PreviousKey = Key(options.PushPreviousEncodingAesKey, "WeChat__PushPreviousEncodingAesKey"),
            PreviousKeyUntil = options.PushPreviousEncodingAesKeyExpiresOn,
        };
    }

    private static PushEncodingAesKey? Key(string? text, string setting) =>
        string.IsNullOrWhiteSpace(text) ? null
            : PushEncodingAesKey.TryParse(text, out var key) ? key
            : throw new SecretUnavailableException($"{setting} is not valid", isTransient: false);
}
