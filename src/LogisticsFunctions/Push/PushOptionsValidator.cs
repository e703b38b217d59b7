using System.Text.RegularExpressions;
using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Push;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

/// <summary>Checks the push settings at start and names each wrong one as an app setting; never repeats a value.</summary>
public sealed partial class PushOptionsValidator(IOptions<KeyVaultOptions> keyVault) : IValidateOptions<PushOptions>
{
    private static readonly TimeSpan MaxSkew = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (keyVault.Value.VaultUri is null)
        {
            if (string.IsNullOrWhiteSpace(options.PushToken))
            {
                failures.Add("WeChat__PushToken is required when KeyVault__VaultUri is not set: the Token of the mini-program's message push (on Azure, keep it in the vault instead).");
            }

            if (!PushEncodingAesKey.TryParse(options.PushEncodingAesKey, out _))
            {
                failures.Add($"WeChat__PushEncodingAesKey is required when KeyVault__VaultUri is not set and must be the {PushEncodingAesKey.TextLength}-character EncodingAESKey from WeChat's console.");
            }

            if (options.PushPreviousEncodingAesKey is not null && !PushEncodingAesKey.TryParse(options.PushPreviousEncodingAesKey, out _))
            {
                failures.Add($"WeChat__PushPreviousEncodingAesKey, when set, must be a {PushEncodingAesKey.TextLength}-character EncodingAESKey.");
            }
        }
        else
        {
            AddIfNotSecretName(failures, "WeChat__PushTokenSecretName", options.PushTokenSecretName);
            AddIfNotSecretName(failures, "WeChat__PushEncodingAesKeySecretName", options.PushEncodingAesKeySecretName);
            if (options.PushPreviousEncodingAesKeySecretName is not null)
            {
                AddIfNotSecretName(failures, "WeChat__PushPreviousEncodingAesKeySecretName", options.PushPreviousEncodingAesKeySecretName);
            }
        }

        if (options.PushTimestampSkew <= TimeSpan.Zero || options.PushTimestampSkew > MaxSkew)
        {
            failures.Add("WeChat__PushTimestampSkew must be a positive time span of at most one hour (e.g. 00:05:00).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

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
