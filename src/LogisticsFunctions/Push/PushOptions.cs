namespace LogisticsFunctions.Push;

/// <summary>
/// The message-push settings, bound from the <c>WeChat</c> section next to the app's other WeChat settings
/// (<c>WeChat__PushToken</c> …). With <c>KeyVault__VaultUri</c> set, the Token and keys come from the vault
/// secrets named here and the plain values are ignored; without it they are required (local runs).
/// </summary>
public sealed class PushOptions
{
    /// <summary>The message-push Token from WeChat's console (<c>WeChat__PushToken</c>): local development only.</summary>
    public string? PushToken { get; set; }

    /// <summary>The 43-character EncodingAESKey (<c>WeChat__PushEncodingAesKey</c>): local development only.</summary>
    public string? PushEncodingAesKey { get; set; }

    /// <summary>The EncodingAESKey before the last change in WeChat's console, still accepted (<c>WeChat__PushPreviousEncodingAesKey</c>).</summary>
    public string? PushPreviousEncodingAesKey { get; set; }

    /// <summary>The vault secret holding the Token (<c>WeChat__PushTokenSecretName</c>).</summary>
    public string PushTokenSecretName { get; set; } = "wechat-push-token";

    /// <summary>The vault secret holding the EncodingAESKey (<c>WeChat__PushEncodingAesKeySecretName</c>).</summary>
    public string PushEncodingAesKeySecretName { get; set; } = "wechat-push-encoding-aes-key";

    /// <summary>The vault secret holding the previous EncodingAESKey during a rotation; none when unset.</summary>
    public string? PushPreviousEncodingAesKeySecretName { get; set; }

    /// <summary>
    /// How far a push's <c>timestamp</c> may be from our clock (<c>WeChat__PushTimestampSkew</c>): older signed
    /// requests cannot be replayed once outside it. WeChat's three tries of a push span well under a minute.
    /// </summary>
    public TimeSpan PushTimestampSkew { get; set; } = TimeSpan.FromMinutes(5);
}
