using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>
/// Calls a simulator the way a WeChat client does: a stable_token first, then each express endpoint with
/// <c>?access_token=</c> in the query, reading every answer as the JSON object WeChat sends with HTTP 200.
/// </summary>
internal sealed partial class SimulatorCaller : IDisposable
{
    private readonly HttpClient client;
    private readonly string token;

    private SimulatorCaller(HttpClient client, string token)
    {
        this.client = client;
        this.token = token;
    }

    public string Token => token;

    public static async Task<SimulatorCaller> ConnectAsync(WeChatSimulatorServer server)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        var body = new JsonObject { ["grant_type"] = "client_credential", ["appid"] = server.AppId, ["secret"] = server.AppSecret };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("cgi-bin/stable_token", UriKind.Relative), content);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return new SimulatorCaller(client, (string?)answer["access_token"] ?? throw new InvalidOperationException($"no token: {answer}"));
    }

    /// <summary>Calls <paramref name="endpoint"/> with the method it takes.</summary>
    public Task<JsonObject> CallAsync(SimulatorEndpoint endpoint, string body = "") =>
        ExpressRoutes.IsGet(endpoint) ? GetAsync(ExpressRoutes.PathOf(endpoint)) : PostAsync(ExpressRoutes.PathOf(endpoint), body);

    public Task<JsonObject> GetAsync(string path) => SendForJsonAsync(HttpMethod.Get, path, body: null, token);

    public Task<JsonObject> PostAsync(string path, string body) => SendForJsonAsync(HttpMethod.Post, path, body, token);

    public Task<JsonObject> PostAsync(string path, JsonNode body) => PostAsync(path, body.ToJsonString());

    /// <summary>Any method, body and token (null leaves <c>access_token</c> out), for the gateway's checks.</summary>
    public async Task<JsonObject> SendForJsonAsync(HttpMethod method, string path, string? body, string? accessToken)
    {
        var raw = await SendForTextAsync(method, path, body, accessToken);
        return JsonNode.Parse(raw)!.AsObject();
    }

    /// <summary>The answer's exact text, to check key order and raw UTF-8.</summary>
    public async Task<string> SendForTextAsync(HttpMethod method, string path, string? body, string? accessToken)
    {
        var uri = accessToken is null ? path : $"{path}?access_token={Uri.EscapeDataString(accessToken)}";
        using var request = new HttpRequestMessage(method, new Uri(uri, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Checks a WeChat error: the errcode, and an errmsg that is <paramref name="message"/> plus WeChat's rid.</summary>
    public static void AssertError(JsonObject answer, int errcode, string message)
    {
        Assert.Equal(errcode, (int)answer["errcode"]!);
        var errmsg = (string)answer["errmsg"]!;
        Assert.StartsWith(message + " rid: ", errmsg, StringComparison.Ordinal);
        Assert.Matches(RidSuffix(), errmsg);
    }

    /// <summary>Checks a success: errcode 0 and errmsg "ok", the first two members.</summary>
    public static void AssertOk(JsonObject answer)
    {
        Assert.Equal(["errcode", "errmsg"], answer.Select(member => member.Key).Take(2));
        Assert.Equal(0, (int)answer["errcode"]!);
        Assert.Equal("ok", (string?)answer["errmsg"]);
    }

    public void Dispose() => client.Dispose();

    [GeneratedRegex(" rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$")]
    private static partial Regex RidSuffix();
}
