using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// <c>POST /cgi-bin/stable_token</c> once the transport-level checks have passed: checks the body field by field, each
/// failure with WeChat's errcode for it, then hands out the shared token.
/// </summary>
internal sealed class StableTokenEndpoint(SimulatorState state)
{
    internal const string Path = "/cgi-bin/stable_token";

    public async Task AnswerAsync(HttpContext context, string body)
    {
        using var document = WeChatJson.TryParseObject(body);
        if (document is null
            || !WeChatJson.TryGetOptionalString(document.RootElement, "grant_type", out var grantType)
            || !WeChatJson.TryGetOptionalString(document.RootElement, "appid", out var appId)
            || !WeChatJson.TryGetOptionalString(document.RootElement, "secret", out var secret))
        {
            await Fail(context, 47001, "data format error");
            return;
        }

        if (grantType != "client_credential")
        {
            await Fail(context, 40002, "invalid grant_type");
        }
        else if (string.IsNullOrEmpty(appId))
        {
            await Fail(context, 41002, "appid missing");
        }
        else if (string.IsNullOrEmpty(secret))
        {
            await Fail(context, 41004, "appsecret missing");
        }
        else if (appId != state.AppId)
        {
            await Fail(context, 40013, "invalid appid");
        }
        else if (secret != state.AppSecret)
        {
            await Fail(context, 40125, "invalid appsecret");
        }
        else
        {
            // Only a JSON true forces; WeChat treats anything else, or nothing, as normal mode.
            var forceRefresh = document.RootElement.TryGetProperty("force_refresh", out var force)
                && force.ValueKind == JsonValueKind.True;
            var (token, expiresIn) = state.Tokens.Grant(forceRefresh);
            await WeChatJson.WriteAsync(context, WeChatJson.Serialize(writer =>
            {
                writer.WriteString("access_token", token);
                writer.WriteNumber("expires_in", expiresIn);
            }));
        }
    }

    private Task Fail(HttpContext context, int errcode, string message) =>
        WeChatJson.WriteErrorAsync(context, errcode, message, state.TimeProvider);
}
