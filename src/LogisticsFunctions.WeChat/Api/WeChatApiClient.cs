using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChat.Http;
using LogisticsFunctions.WeChat.Telemetry;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.WeChat.Api;

/// <summary>
/// Calls WeChat's server APIs with the instance's access token. Errcodes come back in-band on
/// <see cref="WeChatResponse"/>. A refused access token (40001, 42001, 40014) means WeChat acted on
/// nothing, so the call is tried once more with a renewed token — once, never in a loop, writes included.
/// </summary>
public sealed class WeChatApiClient(WeChatHttpClient http, AccessTokenProvider tokens, WeChatMetrics metrics, ILogger<WeChatApiClient> logger)
{
    /// <summary>
    /// Calls <paramref name="api"/> with <paramref name="jsonBody"/> (ignored for a GET). The caller's
    /// <paramref name="cancellationToken"/> is the deadline of everything this takes: token, call, retry.
    /// </summary>
    public async Task<WeChatResponse> CallAsync(WeChatApi api, ReadOnlyMemory<byte> jsonBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var token = await tokens.GetAsync(cancellationToken);
        var response = await http.SendAsync(api, token.Value, jsonBody, cancellationToken);
        if (!WeChatErrorCodes.IsAccessTokenRejected(response.ErrCode))
        {
            return response;
        }

        metrics.AccessTokenRefused(response.ErrCode);
        var renewed = await tokens.RenewAfterRefusalAsync(token, response.ErrCode, cancellationToken);
        if (renewed is null)
        {
            logger.LogWarning("WeChat refused the access token on {Api} with errcode {ErrCode}; no newer token to retry with", api, response.ErrCode);
            return response;
        }

        logger.LogWarning("WeChat refused the access token on {Api} with errcode {ErrCode}; trying once more with a new one", api, response.ErrCode);
        return await http.SendAsync(api, renewed.Value, jsonBody, cancellationToken);
    }
}
