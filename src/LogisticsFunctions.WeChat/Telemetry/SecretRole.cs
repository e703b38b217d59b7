namespace LogisticsFunctions.WeChat.Telemetry;

/// <summary>The <c>secret</c> of <c>wechat.key_vault.reads</c>: what a secret is for, never its name in the vault.</summary>
public static class SecretRole
{
    public const string AppSecret = "app_secret";
    public const string PushToken = "push_token";
    public const string PushAesKey = "push_aes_key";
    public const string PushPreviousAesKey = "push_previous_aes_key";
    public const string WebhookSecret = "webhook_secret";
    public const string WebhookPreviousSecret = "webhook_previous_secret";
}
