namespace LogisticsFunctions.WeChat.Configuration;

/// <summary>Where the AppSecret lives, bound from the <c>KeyVault</c> section (<c>KeyVault__VaultUri</c>).</summary>
public sealed class KeyVaultOptions
{
    public const string SectionName = "KeyVault";

    /// <summary>The vault, e.g. https://my-vault.vault.azure.net/. When unset, <c>WeChat__AppSecret</c> is used.</summary>
    public Uri? VaultUri { get; set; }

    /// <summary>How long one read of the secret may take in all, the SDK's own retries included.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
