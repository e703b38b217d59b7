using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Push;

/// <summary>
/// The message-push settings, bound from the <c>WeChat</c> section next to the app's other WeChat settings
/// (<c>WeChat__PushToken</c> …). With <c>KeyVault__VaultUri</c> set, the Token and keys come from the vault
/// secrets named here and the plain values are ignored; without it they come from the plain values (local
/// runs), and a deployment that sets none of them does not receive pushes at all.
/// </summary>
public sealed class PushOptions
{
    /// <summary>
    /// <c>WeChat__PushMode</c>: <c>safe</c> (the default), <c>compatible</c> or <c>plain</c>, as chosen in WeChat's
    /// console. Safe and compatible take only encrypted pushes with a valid <c>msg_signature</c>.
    /// </summary>
    public string PushMode { get; set; } = "safe";

    /// <summary>The message-push Token from WeChat's console (<c>WeChat__PushToken</c>): local development only.</summary>
    public string? PushToken { get; set; }

    /// <summary>The 43-character EncodingAESKey (<c>WeChat__PushEncodingAesKey</c>): local development only.</summary>
    public string? PushEncodingAesKey { get; set; }

    /// <summary>The EncodingAESKey before the last change in WeChat's console, still accepted (<c>WeChat__PushPreviousEncodingAesKey</c>).</summary>
    public string? PushPreviousEncodingAesKey { get; set; }

    /// <summary>
    /// When <see cref="PushPreviousEncodingAesKey"/> stops being accepted (<c>WeChat__PushPreviousEncodingAesKeyExpiresOn</c>,
    /// e.g. 2026-12-24T12:00:00Z); accepted for as long as it is set when unset. With a vault, the previous key
    /// secret's own <c>expires</c> attribute plays this part.
    /// </summary>
    public DateTimeOffset? PushPreviousEncodingAesKeyExpiresOn { get; set; }

    /// <summary>The vault secret holding the Token (<c>WeChat__PushTokenSecretName</c>).</summary>
    public string PushTokenSecretName { get; set; } = "wechat-push-token";

    /// <summary>The vault secret holding the EncodingAESKey (<c>WeChat__PushEncodingAesKeySecretName</c>).</summary>
    public string PushEncodingAesKeySecretName { get; set; } = "wechat-push-encoding-aes-key";

    /// <summary>The vault secret holding the previous EncodingAESKey during a rotation; none when unset.</summary>
    public string? PushPreviousEncodingAesKeySecretName { get; set; }

    /// <summary>
    /// How long after a new Token version is stored in the vault the version before it is still accepted
    /// (<c>WeChat__PushPreviousTokenLifetime</c>): WeChat signs with the old Token until its console is saved,
    /// and its retries of earlier pushes come signed with it for a little longer.
    /// </summary>
    public TimeSpan PushPreviousTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How far a push's <c>timestamp</c> may be from our clock (<c>WeChat__PushTimestampSkew</c>): older signed
    /// requests cannot be replayed once outside it. WeChat's tries of a push span well under a minute.
    /// </summary>
    public TimeSpan PushTimestampSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><see cref="PushMode"/> read; the validator has refused any other word at start.</summary>
    public PushEncryptionMode Mode => TryParseMode(PushMode, out var mode) ? mode : PushEncryptionMode.Safe;

    /// <summary>Whether plain values are given at all (without a vault, none means the app takes no pushes).</summary>
    public bool HasPlainValues =>
        !string.IsNullOrWhiteSpace(PushToken) || !string.IsNullOrWhiteSpace(PushEncodingAesKey) || !string.IsNullOrWhiteSpace(PushPreviousEncodingAesKey);

    public static bool TryParseMode(string? text, out PushEncryptionMode mode)
    {
        mode = text?.Trim().ToUpperInvariant() switch
        {
            "SAFE" => PushEncryptionMode.Safe,
            "COMPATIBLE" => PushEncryptionMode.Compatible,
            "PLAIN" => PushEncryptionMode.Plain,
            _ => (PushEncryptionMode)(-1),
        };
        return Enum.IsDefined(mode);
    }
}
