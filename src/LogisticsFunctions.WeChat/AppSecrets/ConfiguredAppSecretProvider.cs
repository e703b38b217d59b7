using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.WeChat.AppSecrets;

/// <summary>The AppSecret from configuration (<c>WeChat__AppSecret</c>): local development and the simulator.</summary>
public sealed class ConfiguredAppSecretProvider(IOptions<WeChatOptions> options) : IAppSecretProvider
{
    public ValueTask<string> GetAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(options.Value.AppSecret ?? throw new SecretUnavailableException("WeChat__AppSecret is not set", isTransient: false));

    // Configuration does not change under a running app: whatever was refused is still what we have.
    public ValueTask<string> RefreshAsync(string rejected, CancellationToken cancellationToken) => GetAsync(cancellationToken);
}
