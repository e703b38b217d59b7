using System.Text.RegularExpressions;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.WeChat.Configuration;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Webhooks;

/// <summary>
/// Checks the relay's settings at start when <c>Webhook__Url</c> is set, naming each wrong setting and never
/// repeating a value. Without a URL nothing else is checked: a deployment that does not relay needs no webhook settings.
/// </summary>
public sealed partial class WebhookOptionsValidator(IOptions<KeyVaultOptions> keyVault, HostFunctionTimeout hostTimeout) : IValidateOptions<WebhookOptions>
{
    /// <summary>What one invocation needs besides the attempt: the retry or dead-letter write to storage.</summary>
    public static readonly TimeSpan StorageAllowance = TimeSpan.FromSeconds(10);

    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || !IsAllowed(url))
        {
            failures.Add("Webhook__Url must be the backend's absolute https URL (plain http only to a loopback address, for local runs), without user name or password.");
        }

        var limit = hostTimeout.Value - StorageAllowance;
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > limit)
        {
            failures.Add($"Webhook__Timeout must be a positive time span of at most {limit:c} (the host's functionTimeout, {hostTimeout.Source}, less {StorageAllowance.TotalSeconds:0} s for the retry write).");
        }

        if (keyVault.Value.VaultUri is null)
        {
            if (!WebhookSecret.TryParse(options.Secret, out _))
            {
                failures.Add($"Webhook__Secret is required when Webhook__Url is set and KeyVault__VaultUri is not: whsec_ followed by the Base64 of {WebhookSecret.MinKeyBytes} to {WebhookSecret.MaxKeyBytes} random bytes (e.g. whsec_$(openssl rand -base64 32)).");
            }

            if (options.PreviousSecret is not null && !WebhookSecret.TryParse(options.PreviousSecret, out _))
            {
                failures.Add($"Webhook__PreviousSecret, when set, must be whsec_ followed by the Base64 of {WebhookSecret.MinKeyBytes} to {WebhookSecret.MaxKeyBytes} bytes.");
            }
        }
        else
        {
            AddIfNotSecretName(failures, "Webhook__SecretName", options.SecretName);
            if (options.PreviousSecretName is not null)
            {
                AddIfNotSecretName(failures, "Webhook__PreviousSecretName", options.PreviousSecretName);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAllowed(Uri url) =>
        string.IsNullOrEmpty(url.UserInfo)
        && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));

    private static void AddIfNotSecretName(List<string> failures, string key, string? value)
    {
        if (value is null || !SecretName().IsMatch(value))
        {
            failures.Add($"{key} must name a Key Vault secret (1-127 letters, digits and dashes).");
        }
    }

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex SecretName();
}
