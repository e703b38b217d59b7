namespace LogisticsFunctions.WeChat.Configuration;

/// <summary>
/// The app's WeChat settings, bound from the <c>WeChat</c> section (app settings <c>WeChat__AppId</c> …).
/// </summary>
public sealed class WeChatOptions
{
    public const string SectionName = "WeChat";

    /// <summary>The mini-program's AppID (<c>WeChat__AppId</c>). Required.</summary>
    public string AppId { get; set; } = "";

    /// <summary>WeChat's API root (<c>WeChat__ApiBaseUrl</c>); a simulator's address for local runs and tests.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.weixin.qq.com/");

    /// <summary>The name of the secret that holds the AppSecret in Key Vault (<c>WeChat__AppSecretName</c>).</summary>
    public string AppSecretName { get; set; } = "wechat-app-secret";

    /// <summary>The AppSecret itself (<c>WeChat__AppSecret</c>): local development only, used when no vault is configured.</summary>
    public string? AppSecret { get; set; }

    /// <summary>
    /// How long one attempt at a WeChat read may take before it is abandoned and retried. Writes are sent
    /// once and may take the caller's whole deadline: a courier's system can be slow to create a waybill.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many times a failed WeChat read is tried again (busy, 5xx, garbage, reset, attempt timeout). Writes never are.</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>The first retry's delay; later ones grow exponentially, all with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a token value that WeChat refused, and that a fetch then handed back unchanged, is not
    /// fetched for again; also the pace at which refusals of ever-new tokens may trigger fetches once
    /// their small burst is spent, and at which a failed background refresh is tried again. This is what
    /// keeps a flood of refusals from becoming a flood of token calls; a token's age plays no part.
    /// </summary>
    public TimeSpan TokenRefreshMinInterval { get; set; } = TimeSpan.FromSeconds(10);
}
