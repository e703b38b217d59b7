using System.Text.RegularExpressions;
using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Push;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

/// <summary>Checks the push settings at start and names each wrong one as an app setting; never repeats a value.</summary>
public sealed partial class PushOptionsValidator(IOptions<KeyVaultOptions> keyVault) : IValidateOptions<PushOptions>
{
    private static readonly TimeSpan MaxSkew = TimeSpan.FromHours(1);
    private static readonly TimeSpan MinPreviousTokenLifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxPreviousTokenLifetime = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var modeValid = PushOptions.TryParseMode(options.PushMode, out var mode);
        if (!modeValid)
        {
            failures.Add("WeChat__PushMode must be safe, compatible or plain, as chosen in WeChat's console (消息加密方式).");
        }

        if (keyVault.Value.VaultUri is null)
        {
            ValidatePlainValues(options, modeValid && mode == PushEncryptionMode.Plain, failures);
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

        if (options.PushPreviousTokenLifetime < MinPreviousTokenLifetime || options.PushPreviousTokenLifetime > MaxPreviousTokenLifetime)
        {
            failures.Add("WeChat__PushPreviousTokenLifetime must be between one minute and one day (e.g. 00:10:00).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // No values at all is a deployment without pushes (the endpoint answers "not configured"); some values
    // are a configuration that must be complete, and never a silent fall back to plain.
    private static void ValidatePlainValues(PushOptions options, bool plain, List<string> failures)
    {
        if (!options.HasPlainValues)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(options.PushToken))
        {
            failures.Add("WeChat__PushToken is required when the other WeChat__Push values are set and KeyVault__VaultUri is not: the Token of the mini-program's message push (on Azure, keep it in the vault instead).");
        }

        if (string.IsNullOrWhiteSpace(options.PushEncodingAesKey) && !plain)
        {
            failures.Add($"WeChat__PushEncodingAesKey is required when WeChat__PushMode is safe or compatible: the {PushEncodingAesKey.TextLength}-character EncodingAESKey from WeChat's console.");
        }
        else if (!string.IsNullOrWhiteSpace(options.PushEncodingAesKey) && !PushEncodingAesKey.TryParse(options.PushEncodingAesKey, out _))
        {
            failures.Add($"WeChat__PushEncodingAesKey must be the {PushEncodingAesKey.TextLength}-character EncodingAESKey from WeChat's console.");
        }

        if (!string.IsNullOrWhiteSpace(options.PushPreviousEncodingAesKey) && !PushEncodingAesKey.TryParse(options.PushPreviousEncodingAesKey, out _))
        {
            failures.Add($"WeChat__PushPreviousEncodingAesKey, when set, must be a {PushEncodingAesKey.TextLength}-character EncodingAESKey.");
        }
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
