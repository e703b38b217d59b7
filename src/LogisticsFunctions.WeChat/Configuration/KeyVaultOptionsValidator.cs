using Microsoft.Extensions.Options;

namespace LogisticsFunctions.WeChat.Configuration;

/// <summary>Checks <see cref="KeyVaultOptions"/> at start; the SDK refuses plain http anyway, this says so by name.</summary>
public sealed class KeyVaultOptionsValidator : IValidateOptions<KeyVaultOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyVaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.VaultUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("KeyVault__VaultUri must be the vault's https URL, e.g. https://my-vault.vault.azure.net/.");
        }

        if (options.ReadTimeout <= TimeSpan.Zero)
        {
            failures.Add("KeyVault__ReadTimeout must be a positive time span (e.g. 00:00:05).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
