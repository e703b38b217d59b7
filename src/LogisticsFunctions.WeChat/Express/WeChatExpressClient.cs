using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChat.CloudCall;
using LogisticsFunctions.WeChat.Http;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.WeChat.Express;

/// <summary>
/// WeChat's express API for businesses (<c>/cgi-bin/express/business/…</c>). Errcodes come back
/// in-band on <see cref="WeChatResponse"/>; a refused access token is dropped and the call tried
/// once more with a fresh one — once, never in a loop.
/// </summary>
public sealed class WeChatExpressClient(WeChatHttpClient http, AccessTokenProvider tokens, ILogger<WeChatExpressClient> logger)
{
    internal const string PathGetPath = "cgi-bin/express/business/path/get";

    // The wire names are the cloud call's parameter names under its own camel → snake rule.
    private static readonly JsonEncodedText OrderId = JsonEncodedText.Encode(CloudCallKeys.ToSnakeCase("orderId"));
    private static readonly JsonEncodedText Openid = JsonEncodedText.Encode(CloudCallKeys.ToSnakeCase("openid"));
    private static readonly JsonEncodedText DeliveryId = JsonEncodedText.Encode(CloudCallKeys.ToSnakeCase("deliveryId"));
    private static readonly JsonEncodedText WaybillId = JsonEncodedText.Encode(CloudCallKeys.ToSnakeCase("waybillId"));

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>[POST] /cgi-bin/express/business/path/get</c>: the tracking path of one waybill.</summary>
    public Task<WeChatResponse> GetPathAsync(GetPathRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString(OrderId, request.OrderId);
            if (request.Openid is not null)
            {
                writer.WriteString(Openid, request.Openid);
            }

            writer.WriteString(DeliveryId, request.DeliveryId);
            writer.WriteString(WaybillId, request.WaybillId);
            writer.WriteEndObject();
        }

        return PostWithTokenAsync(PathGetPath, body.WrittenMemory, cancellationToken);
    }

    private async Task<WeChatResponse> PostWithTokenAsync(string path, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        var response = await http.PostAsync(path, token.Value, body, cancellationToken);
        if (!WeChatErrorCodes.IsAccessTokenRejected(response.ErrCode))
        {
            return response;
        }

        logger.LogWarning("WeChat refused the access token on {Path} with errcode {ErrCode}", path, response.ErrCode);
        tokens.Invalidate(token);
        var fresh = await tokens.GetAsync(cancellationToken);
        if (fresh.Value == token.Value)
        {
            // No newer token to be had now: trying again would be refused the same way.
            return response;
        }

        return await http.PostAsync(path, fresh.Value, body, cancellationToken);
    }
}
