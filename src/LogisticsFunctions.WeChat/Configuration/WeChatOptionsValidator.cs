using Microsoft.Extensions.Options;

namespace LogisticsFunctions.WeChat.Configuration;

/// <summary>
/// Checks the settings once at start so a misconfigured app fails at once with the setting's name,
/// instead of answering every request with an error. Names are given as app settings are written.
/// </summary>
public sealed class WeChatOptionsValidator(IOptions<KeyVaultOptions> keyVault) : IValidateOptions<WeChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AppId))
        {
            failures.Add("WeChat__AppId is required: set it to the mini-program's AppID (wx…).");
        }

        if (!options.ApiBaseUrl.IsAbsoluteUri || !IsAllowedScheme(options.ApiBaseUrl))
        {
            failures.Add("WeChat__ApiBaseUrl must be an absolute https URL (plain http is allowed only for a loopback simulator).");
        }

        if (keyVault.Value.VaultUri is null)
        {
            if (string.IsNullOrWhiteSpace(options.AppSecret))
            {
                failures.Add("WeChat__AppSecret is required when KeyVault__VaultUri is not set (on Azure, set KeyVault__VaultUri instead).");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.AppSecretName))
        {
            failures.Add("WeChat__AppSecretName must name the vault secret that holds the AppSecret.");
        }

        AddIfNotPositive(failures, "WeChat__AttemptTimeout", options.AttemptTimeout);

        if (options.MaxRetryAttempts is < 0 or > 5)
        {
            failures.Add("WeChat__MaxRetryAttempts must be between 0 and 5.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            failures.Add("WeChat__RetryBaseDelay must not be negative.");
        }

        // Zero would let a refused token that WeChat keeps handing back be fetched on every request.
        if (options.TokenRefreshMinInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add("WeChat__TokenRefreshMinInterval must be at least 00:00:01.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAllowedScheme(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);

    private static void AddIfNotPositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be a positive time span (e.g. 00:00:05).");
        }
    }
}
