using LogisticsFunctions.WeChat.Configuration;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LogisticsFunctions.WeChat.Http;

/// <summary>
/// What is retried, how often and how long it may all take. Every WeChat call we make is a read
/// (a path query, a normal-mode stable_token), so retrying never duplicates an effect.
/// </summary>
public static class WeChatResilience
{
    public static void Configure(ResiliencePipelineBuilder<WeChatResponse> builder, WeChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        builder
            .AddTimeout(options.TotalTimeout)
            .AddRetry(new RetryStrategyOptions<WeChatResponse>
            {
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
            })
            .AddTimeout(options.AttemptTimeout);
    }

    /// <summary>
    /// Busy (errcode -1 inside an HTTP 200), 5xx, garbage, resets and attempt timeouts are retried.
    /// Quotas, refused credentials and business errors are not: repeating them only burns quota.
    /// </summary>
    public static bool ShouldRetry(Outcome<WeChatResponse> outcome) => outcome switch
    {
        { Result: { } response } => response.ErrCode == WeChatErrorCodes.SystemBusy,
        { Exception: WeChatException ex } => ex.IsTransient,
        { Exception: HttpRequestException or IOException or TimeoutRejectedException } => true,
        _ => false,
    };
}
