using LogisticsFunctions.WeChat.Configuration;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LogisticsFunctions.WeChat.Http;

/// <summary>
/// What a read is retried on, how often, and how long one attempt may take. Writes never go through
/// this pipeline (see <see cref="WeChatHttpClient"/>). There is no overall timeout here: the caller's
/// cancellation token carries the deadline of the whole request, which spans more than one WeChat call.
/// </summary>
public static class WeChatResilience
{
    public static void Configure(ResiliencePipelineBuilder<WeChatResponse> builder, WeChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        builder
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
    /// Quotas (HTTP 429 included), refused credentials and business errors are not: repeating them only burns quota.
    /// </summary>
    public static bool ShouldRetry(Outcome<WeChatResponse> outcome) => outcome switch
    {
        { Result: { } response } => response.ErrCode == WeChatErrorCodes.SystemBusy,
        { Exception: WeChatException ex } => ex.IsTransient,
        { Exception: HttpRequestException or IOException or TimeoutRejectedException } => true,
        _ => false,
    };
}
