using LogisticsFunctions.WeChat.AccessTokens;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.WeChat;

/// <summary>
/// Reads the secret and fetches the access token in the background at start, so the first request
/// pays only for its own WeChat call. A failure here is logged, never fatal: requests fetch on demand.
/// </summary>
public sealed class WeChatWarmUpService(AccessTokenProvider tokens, ILogger<WeChatWarmUpService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await tokens.WarmUpAsync(stoppingToken);
            logger.LogInformation("WeChat access token ready");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning("Warming up the WeChat access token failed; requests will fetch it on demand: {Reason}", ex.Message);
        }
    }
}
