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

    /// <summary>How long one attempt at a WeChat call may take before it is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a WeChat call may take in all, retries included; past it the caller gets 504.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a failed WeChat call is tried again (busy, 5xx, garbage, reset, attempt timeout).</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>The first retry's delay; later ones grow exponentially, all with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The least time between two token fetches that are not due to expiry (a refused token, a failed
    /// fetch, an early refresh). This is what keeps a flood of requests from becoming a flood of token calls.
    /// </summary>
    public TimeSpan TokenRefreshMinInterval { get; set; } = TimeSpan.FromSeconds(10);
}
