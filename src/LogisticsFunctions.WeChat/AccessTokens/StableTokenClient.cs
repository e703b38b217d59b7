using System.Buffers;
using System.Text.Json;
using LogisticsFunctions.WeChat.AppSecrets;
using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.WeChat.AccessTokens;

/// <summary>
/// <c>[POST] /cgi-bin/stable_token</c> in normal mode (developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getStableAccessToken.html).
/// Normal mode hands every caller the same token while it is valid, so any number of instances share
/// one token without a shared store. Forced mode invalidates everyone's token and is never used.
/// </summary>
public sealed class StableTokenClient(
    WeChatHttpClient http,
    IAppSecretProvider secrets,
    IOptions<WeChatOptions> options,
    ILogger<StableTokenClient> logger)
{
    /// <summary>Normal mode only reads the shared token, so it is retried like any read.</summary>
    internal static readonly WeChatApi Api = WeChatApi.PostRead("cgi-bin/stable_token");

    /// <summary>Fetches the current token. A refused secret (40125) is read again from its source once.</summary>
    public async Task<(string Value, TimeSpan ExpiresIn)> GetAsync(CancellationToken cancellationToken)
    {
        var secret = await secrets.GetAsync(cancellationToken);
        var response = await RequestAsync(secret, cancellationToken);
        if (response.ErrCode == WeChatErrorCodes.InvalidAppSecret)
        {
            var reread = await secrets.RefreshAsync(secret, cancellationToken);
            if (reread == secret)
            {
                throw new WeChatException(
                    WeChatFailure.Refused,
                    $"the app secret is wrong: WeChat refused it ({response.ErrMsg}); put the current AppSecret of {options.Value.AppId} in its source",
                    response.ErrCode);
            }

            logger.LogInformation("The app secret changed at its source; fetching the access token with the new one");
            response = await RequestAsync(reread, cancellationToken);
        }

        if (!response.IsSuccess)
        {
            throw new WeChatException(WeChatFailure.Refused, $"WeChat refused the access token request: {response.ErrMsg}", response.ErrCode)
            {
                IsTransient = response.ErrCode == WeChatErrorCodes.SystemBusy,
            };
        }

        return ReadToken(response.Body.Span);
    }

    private Task<WeChatResponse> RequestAsync(string secret, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(192);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("grant_type"u8, "client_credential"u8);
            writer.WriteString("appid"u8, options.Value.AppId);
            writer.WriteString("secret"u8, secret);
            writer.WriteBoolean("force_refresh"u8, false);
            writer.WriteEndObject();
        }

        return http.SendAsync(Api, accessToken: null, body.WrittenMemory, cancellationToken);
    }

    private static (string Value, TimeSpan ExpiresIn) ReadToken(ReadOnlySpan<byte> json)
    {
        string? token = null;
        long? expiresIn = null;
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                continue;
            }

            if (reader.ValueTextEquals("access_token"u8))
            {
                reader.Read();
                token = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("expires_in"u8))
            {
                reader.Read();
                expiresIn = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds) ? seconds : null;
            }
        }

        if (string.IsNullOrEmpty(token) || expiresIn is not > 0)
        {
            throw new WeChatException(WeChatFailure.Unavailable, "WeChat's stable_token answer has no access_token or expires_in") { IsTransient = true };
        }

        return (token, TimeSpan.FromSeconds(expiresIn.Value));
    }
}
