using LogisticsFunctions.WeChat.Push;
using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

/// <summary>The push Token and keys from settings (<c>WeChat__PushToken</c> …): local development and the simulator.</summary>
public sealed class ConfiguredPushSecrets(IOptions<PushOptions> options) : IPushSecrets
{
    private readonly Lazy<PushCredentials> _credentials = new(() => Read(options.Value));

    public ValueTask<PushCredentials> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_credentials.Value);

    // Settings do not change under a running app: there is nothing newer to find.
    public ValueTask<PushCredentials?> RefreshAsync(PushCredentials used, CancellationToken cancellationToken) =>
        ValueTask.FromResult<PushCredentials?>(null);

    // The validator has checked every value at start; these throws only guard a skipped validation.
    private static PushCredentials Read(PushOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PushToken) || !PushEncodingAesKey.TryParse(options.PushEncodingAesKey, out var current))
        {
            throw new SecretUnavailableException("WeChat__PushToken or WeChat__PushEncodingAesKey is not set or not valid", isTransient: false);
        }

        PushEncodingAesKey? previous = null;
        if (options.PushPreviousEncodingAesKey is not null && !PushEncodingAesKey.TryParse(options.PushPreviousEncodingAesKey, out previous))
        {
            throw new SecretUnavailableException("WeChat__PushPreviousEncodingAesKey is not valid", isTransient: false);
        }

        return new PushCredentials(options.PushToken, current, previous);
    }
}
