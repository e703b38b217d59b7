using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>
/// The simulator is the stand-in for WeChat in every other test, so its own behaviour is pinned here against what
/// WeChat documents: if these drift, tests of the real client would pass against a WeChat that does not exist.
/// </summary>
public sealed partial class WeChatSimulatorServerTests
{
    private const string StableTokenPath = "cgi-bin/stable_token";
    private const string PathGetPath = "cgi-bin/express/business/path/get";

    private const string SeedRequest =
        """{"order_id":"01234567890123456789","openid":"OPENID","delivery_id":"SF","waybill_id":"12345678901234567890"}""";

    private static readonly DateTimeOffset Start = new(2024, 3, 11, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Seed_example_comes_back_exactly_as_documented_with_errcode_and_errmsg_first()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);
        var token = await GetTokenAsync(client, server);

        using var response = await PostAsync(client, PathUri(token), SeedRequest);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.StartsWith("""{"errcode":0,"errmsg":"ok","openid":"OPENID",""", raw, StringComparison.Ordinal);
        var answer = JsonNode.Parse(raw)!.AsObject();
        answer.Remove("errcode");
        answer.Remove("errmsg");
        Assert.Equal(JsonNode.Parse(SeedExample.WeChatAnswer)!.ToJsonString(), answer.ToJsonString());
    }

    [Fact]
    public async Task Chinese_action_messages_are_sent_as_raw_utf8_not_escaped()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);
        var token = await GetTokenAsync(client, server);

        using var response = await PostAsync(client, PathUri(token), SeedRequest);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("快件已到达xxx集散中心,准备发往xxx", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openid_is_answered_empty_and_the_raw_request_body_is_kept_when_the_caller_sends_none()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);
        var token = await GetTokenAsync(client, server);
        const string Body = """{"order_id":"o-1","delivery_id":"SF","waybill_id":"12345678901234567890"}""";

        var answer = await PostForJsonAsync(client, PathUri(token), Body);

        Assert.Equal(0, (int)answer["errcode"]!);
        Assert.Equal(string.Empty, (string?)answer["openid"]);
        Assert.Equal(Body, server.LastPathRequestBody);
        Assert.Equal(1, server.PathGetCalls);
    }

    [Fact]
    public async Task Every_tracked_waybill_answers_with_its_whole_path()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);
        var token = await GetTokenAsync(client, server);

        foreach (var waybill in TrackingData.Waybills)
        {
            var answer = await PostForJsonAsync(
                client, PathUri(token), PathBody(waybill.DeliveryId, waybill.WaybillId));

            Assert.Equal(0, (int)answer["errcode"]!);
            Assert.Equal(waybill.DeliveryId, (string?)answer["delivery_id"]);
            Assert.Equal(waybill.WaybillId, (string?)answer["waybill_id"]);
            Assert.Equal(waybill.Path.Count, (int)answer["path_item_num"]!);
            var items = answer["path_item_list"]!.AsArray();
            Assert.Equal(waybill.Path.Select(item => item.ActionMsg), items.Select(item => (string)item!["action_msg"]!));
        }
    }

    [Fact]
    public void Tracking_data_covers_the_six_couriers_the_test_courier_and_the_failed_cancelled_and_empty_cases()
    {
        Assert.Equal(["SF", "ZTO", "YTO", "YD", "JD", "EMS", "TEST"], TrackingData.Couriers.Select(courier => courier.DeliveryId));
        Assert.All(TrackingData.Couriers, courier => Assert.NotEmpty(courier.ServiceTypes));
        var types = TrackingData.Waybills.SelectMany(waybill => waybill.Path).Select(item => item.ActionType).ToHashSet();
        Assert.Superset(new HashSet<int> { 100001, 100002, 100003, 200001, 300002, 300003, 300004, 400001, 400002 }, types);
        Assert.Contains(TrackingData.Waybills, waybill => waybill.Path.Count == 0);
        Assert.Same(TrackingData.SeedExample, TrackingData.Waybills[0]);
    }

    [Fact]
    public async Task Normal_mode_gives_every_caller_the_same_token_with_its_remaining_lifetime()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions { TimeProvider = time });
        using var client = ClientFor(server);

        var first = await PostForJsonAsync(client, StableTokenPath, TokenBody(server));
        time.Advance(TimeSpan.FromSeconds(100.5));
        var second = await PostForJsonAsync(client, StableTokenPath, TokenBody(server, forceRefresh: false));

        Assert.Equal(7200, (int)first["expires_in"]!);
        Assert.Equal((string?)first["access_token"], (string?)second["access_token"]);
        Assert.Equal(7099, (int)second["expires_in"]!);
        Assert.Single(server.IssuedTokens);
        Assert.Equal(2, server.StableTokenCalls);
    }

    [Fact]
    public async Task Concurrent_callers_in_normal_mode_all_share_one_token()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => GetTokenAsync(client, server)));

        Assert.Single(tokens.Distinct());
        Assert.Equal(20, server.StableTokenCalls);
        Assert.Equal(tokens[0], Assert.Single(server.IssuedTokens));
    }

    [Fact]
    public async Task A_new_token_is_issued_five_minutes_early_and_the_old_one_works_until_its_own_expiry()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions { TimeProvider = time });
        using var client = ClientFor(server);
        var old = await GetTokenAsync(client, server);

        time.Advance(TimeSpan.FromSeconds(7200 - 300));
        Assert.Equal(old, await GetTokenAsync(client, server));
        time.Advance(TimeSpan.FromSeconds(1));
        var renewed = await PostForJsonAsync(client, StableTokenPath, TokenBody(server));
        var fresh = (string)renewed["access_token"]!;

        Assert.NotEqual(old, fresh);
        Assert.Equal(7200, (int)renewed["expires_in"]!);
        Assert.Equal(0, await PathErrcodeAsync(client, old));
        Assert.Equal(0, await PathErrcodeAsync(client, fresh));

        time.Advance(TimeSpan.FromSeconds(299));
        var expired = await PostForJsonAsync(client, PathUri(old), SeedRequest);
        Assert.Equal(42001, (int)expired["errcode"]!);
        AssertWeChatMessage("access_token expired", expired);
        Assert.Equal(0, await PathErrcodeAsync(client, fresh));
    }

    [Fact]
    public async Task Force_refresh_issues_a_new_token_and_the_old_one_stops_working_at_once()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);
        var old = await GetTokenAsync(client, server);

        var forced = await PostForJsonAsync(client, StableTokenPath, TokenBody(server, forceRefresh: true));
        var fresh = (string)forced["access_token"]!;

        Assert.NotEqual(old, fresh);
        Assert.Equal(7200, (int)forced["expires_in"]!);
        Assert.Equal(40001, await PathErrcodeAsync(client, old));
        Assert.Equal(0, await PathErrcodeAsync(client, fresh));
        Assert.Equal([old, fresh], server.IssuedTokens);
    }

    [Fact]
    public async Task Tokens_are_long_url_safe_and_never_repeat()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);

        for (var i = 0; i < 5; i++)
        {
            await PostForJsonAsync(client, StableTokenPath, TokenBody(server, forceRefresh: true));
        }

        Assert.Equal(5, server.IssuedTokens.Distinct().Count());
        Assert.All(server.IssuedTokens, token => Assert.Matches(TokenShape(), token));
    }

    [Fact]
    public async Task After_the_secret_is_rotated_the_old_secret_answers_40125_and_the_new_one_works()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);
        var oldSecret = server.AppSecret;

        server.SetAppSecret("rotated-secret-0123456789abcdef01");
        var rejected = await PostForJsonAsync(client, StableTokenPath, TokenBody(server.AppId, oldSecret));
        var accepted = await PostForJsonAsync(client, StableTokenPath, TokenBody(server.AppId, "rotated-secret-0123456789abcdef01"));

        Assert.Equal(40125, (int)rejected["errcode"]!);
        AssertWeChatMessage("invalid appsecret", rejected);
        Assert.NotNull((string?)accepted["access_token"]);
        Assert.Equal("rotated-secret-0123456789abcdef01", server.AppSecret);
    }

    [Fact]
    public async Task A_revoked_token_answers_40001_and_the_next_stable_token_call_issues_a_new_one()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);
        var old = await GetTokenAsync(client, server);

        server.RevokeCurrentToken();
        var rejected = await PostForJsonAsync(client, PathUri(old), SeedRequest);
        var fresh = await GetTokenAsync(client, server);

        Assert.Equal(40001, (int)rejected["errcode"]!);
        AssertWeChatMessage("invalid credential, access_token is invalid or not latest", rejected);
        Assert.NotEqual(old, fresh);
        Assert.Equal(0, await PathErrcodeAsync(client, fresh));
    }

    [Fact]
    public async Task A_caller_outside_the_ip_whitelist_gets_40164_from_every_endpoint_until_it_is_let_back_in()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);
        var token = await GetTokenAsync(client, server);

        server.SetCallerIpWhitelisted(false);
        var tokenAnswer = await PostForJsonAsync(client, StableTokenPath, TokenBody(server));
        var pathAnswer = await PostForJsonAsync(client, PathUri(token), SeedRequest);
        server.SetCallerIpWhitelisted(true);

        foreach (var answer in new[] { tokenAnswer, pathAnswer })
        {
            Assert.Equal(40164, (int)answer["errcode"]!);
            AssertWeChatMessage("invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist", answer);
        }

        Assert.Equal(0, await PathErrcodeAsync(client, token));
    }

    [Theory]
    [InlineData("not json", 47001, "data format error")]
    [InlineData("[1,2]", 47001, "data format error")]
    [InlineData("""{"grant_type":"password","appid":"wx0123456789abcdef","secret":"s"}""", 40002, "invalid grant_type")]
    [InlineData("""{"grant_type":"client_credential","secret":"s"}""", 41002, "appid missing")]
    [InlineData("""{"grant_type":"client_credential","appid":"wx0123456789abcdef"}""", 41004, "appsecret missing")]
    [InlineData("""{"grant_type":"client_credential","appid":"wxffffffffffffffff","secret":"s"}""", 40013, "invalid appid")]
    [InlineData("""{"grant_type":"client_credential","appid":"wx0123456789abcdef","secret":"wrong"}""", 40125, "invalid appsecret")]
    public async Task Stable_token_rejects_a_bad_body_with_wechats_errcode(string body, int errcode, string message)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);

        var answer = await PostForJsonAsync(client, StableTokenPath, body);

        Assert.Equal(errcode, (int)answer["errcode"]!);
        AssertWeChatMessage(message, answer);
        Assert.Equal(body, server.LastStableTokenRequestBody);
        Assert.Empty(server.IssuedTokens);
    }

    [Fact]
    public async Task Stable_token_answers_43002_to_a_get()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);

        using var response = await client.GetAsync(new Uri(StableTokenPath, UriKind.Relative));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(43002, (int)answer["errcode"]!);
        AssertWeChatMessage("require POST method", answer);
    }

    [Theory]
    [InlineData(null, 41001, "access_token missing")]
    [InlineData("not-a-token", 40001, "invalid credential, access_token is invalid or not latest")]
    public async Task Path_get_rejects_a_missing_or_unknown_token(string? token, int errcode, string message)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);

        var answer = await PostForJsonAsync(client, token is null ? PathGetPath : PathUri(token), SeedRequest);

        Assert.Equal(errcode, (int)answer["errcode"]!);
        AssertWeChatMessage(message, answer);
    }

    [Theory]
    [InlineData("", 47001, "data format error")]
    [InlineData("<xml/>", 47001, "data format error")]
    [InlineData("\"SF\"", 47001, "data format error")]
    [InlineData("""{"delivery_id":"SF","waybill_id":"12345678901234567890"}""", 47001, "data format error")]
    [InlineData("""{"order_id":"o","delivery_id":"SF"}""", 47001, "data format error")]
    [InlineData("""{"order_id":"o","delivery_id":7,"waybill_id":"12345678901234567890"}""", 47001, "data format error")]
    [InlineData("""{"order_id":"o","openid":1,"delivery_id":"SF","waybill_id":"12345678901234567890"}""", 47001, "data format error")]
    [InlineData("""{"order_id":"o","delivery_id":"DHL","waybill_id":"12345678901234567890"}""", 9300503, "Specified delivery id is not registerred")]
    [InlineData("""{"order_id":"o","delivery_id":"SF","waybill_id":"999"}""", 40199, "waybill_id not found")]
    [InlineData("""{"order_id":"o","delivery_id":"ZTO","waybill_id":"12345678901234567890"}""", 40199, "waybill_id not found")]
    public async Task Path_get_rejects_a_bad_body_or_unknown_waybill_with_wechats_errcode(string body, int errcode, string message)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);
        var token = await GetTokenAsync(client, server);

        var answer = await PostForJsonAsync(client, PathUri(token), body);

        Assert.Equal(errcode, (int)answer["errcode"]!);
        AssertWeChatMessage(message, answer);
        Assert.Equal(body, server.LastPathRequestBody);
    }

    [Fact]
    public async Task An_errcode_fault_answers_once_with_exactly_that_json_and_counts_as_a_call()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);

        server.EnqueueFault(SimulatorEndpoint.StableToken, SimulatorFault.ErrCode(-1, "system error"));
        using var faulted = await PostAsync(client, StableTokenPath, TokenBody(server));
        var afterwards = await PostForJsonAsync(client, StableTokenPath, TokenBody(server));

        Assert.Equal(HttpStatusCode.OK, faulted.StatusCode);
        Assert.Equal("""{"errcode":-1,"errmsg":"system error"}""", await faulted.Content.ReadAsStringAsync());
        Assert.NotNull((string?)afterwards["access_token"]);
        Assert.Equal(2, server.StableTokenCalls);
    }

    [Fact]
    public async Task An_http_status_fault_answers_that_status_with_an_nginx_page()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);
        var token = await GetTokenAsync(client, server);

        server.EnqueueFault(SimulatorEndpoint.PathGet, SimulatorFault.HttpStatus(502));
        using var response = await PostAsync(client, PathUri(token), SeedRequest);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>502 Bad Gateway</title>", page, StringComparison.Ordinal);
        Assert.Contains("nginx", page, StringComparison.Ordinal);
        Assert.Equal(1, server.PathGetCalls);
    }

    [Fact]
    public async Task An_html_fault_answers_200_with_a_web_page()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);

        server.EnqueueFault(SimulatorEndpoint.StableToken, SimulatorFault.Html());
        using var response = await PostAsync(client, StableTokenPath, TokenBody(server));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_body_fault_answers_200_json_with_zero_bytes()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);

        server.EnqueueFault(SimulatorEndpoint.StableToken, SimulatorFault.EmptyBody());
        using var response = await PostAsync(client, StableTokenPath, TokenBody(server));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(SimulatorEndpoint.StableToken)]
    [InlineData(SimulatorEndpoint.PathGet)]
    public async Task A_truncated_body_fault_answers_200_json_that_does_not_parse(SimulatorEndpoint endpoint)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);
        var token = await GetTokenAsync(client, server);

        server.EnqueueFault(endpoint, SimulatorFault.TruncatedBody());
        using var response = endpoint == SimulatorEndpoint.StableToken
            ? await PostAsync(client, StableTokenPath, TokenBody(server))
            : await PostAsync(client, PathUri(token), SeedRequest);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("{", body, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body).Dispose());
    }

    [Fact]
    public async Task A_reset_connection_fault_fails_the_call_and_the_next_call_works()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);

        server.EnqueueFault(SimulatorEndpoint.StableToken, SimulatorFault.ResetConnection());

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(client, StableTokenPath, TokenBody(server)));
        Assert.NotNull(await GetTokenAsync(client, server));
        Assert.Equal(2, server.StableTokenCalls);
    }

    [Fact]
    public async Task A_delay_fault_holds_the_answer_until_the_simulators_clock_has_moved_on()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions { TimeProvider = time });
        using var client = ClientFor(server);

        server.EnqueueFault(SimulatorEndpoint.StableToken, SimulatorFault.Delay(TimeSpan.FromSeconds(30)));
        var call = PostAsync(client, StableTokenPath, TokenBody(server));
        await Task.Delay(200);
        Assert.False(call.IsCompleted);

        // The delay's timer is armed after the call is counted; keep moving the clock until it has fired.
        var deadline = Stopwatch.StartNew();
        while (!call.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            time.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAny(call, Task.Delay(20));
        }

        using var response = await call;
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull((string?)answer["access_token"]);
    }

    [Fact]
    public async Task A_delay_fault_gives_up_when_the_caller_does_and_does_not_hold_up_disposal()
    {
        var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);
        server.SetPersistentFault(SimulatorEndpoint.StableToken, SimulatorFault.Delay(TimeSpan.FromMinutes(10)));

        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => client.PostAsync(new Uri(StableTokenPath, UriKind.Relative), Json(TokenBody(server)), giveUp.Token));
        }

        var pending = PostAsync(client, StableTokenPath, TokenBody(server));
        var disposal = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.True(disposal.Elapsed < TimeSpan.FromSeconds(10), $"disposal took {disposal.Elapsed}");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public async Task Queued_faults_come_first_then_the_persistent_fault_stays_until_cleared()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);

        server.SetPersistentFault(SimulatorEndpoint.StableToken, SimulatorFault.ErrCode(45011, "api minute-quota reach limit"));
        server.EnqueueFault(SimulatorEndpoint.StableToken, SimulatorFault.ErrCode(-1, "system error"), times: 2);
        var codes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add((int)(await PostForJsonAsync(client, StableTokenPath, TokenBody(server)))["errcode"]!);
        }

        server.SetPersistentFault(SimulatorEndpoint.StableToken, null);
        var cleared = await PostForJsonAsync(client, StableTokenPath, TokenBody(server));

        Assert.Equal([-1, -1, 45011, 45011], codes);
        Assert.NotNull((string?)cleared["access_token"]);
        Assert.Equal(5, server.StableTokenCalls);
        Assert.Equal(0, server.PathGetCalls);
    }

    [Fact]
    public async Task Faults_on_one_endpoint_leave_the_other_alone()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var client = ClientFor(server);

        server.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.HttpStatus(503));
        var token = await GetTokenAsync(client, server);
        using var response = await PostAsync(client, PathUri(token), SeedRequest);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Simulators_started_together_listen_on_different_loopback_ports()
    {
        await using var first = await WeChatSimulatorServer.StartAsync();
        await using var second = await WeChatSimulatorServer.StartAsync();

        Assert.Equal("127.0.0.1", first.BaseAddress.Host);
        Assert.EndsWith("/", first.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
        Assert.NotEqual(first.BaseAddress, second.BaseAddress);
        Assert.Equal("wx0123456789abcdef", first.AppId);
        Assert.Equal("simulator-app-secret-0123456789ab", first.AppSecret);
    }

    [Fact]
    public void Fault_factories_and_controls_reject_nonsense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorFault.HttpStatus(200));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorFault.HttpStatus(600));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorFault.Delay(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentNullException>(() => SimulatorFault.ErrCode(-1, null!));
        Assert.Equal(SimulatorFault.HttpStatus(502), SimulatorFault.HttpStatus(502));
    }

    [Fact]
    public async Task Enqueueing_a_fault_zero_times_is_refused()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();

        Assert.Throws<ArgumentOutOfRangeException>(
            () => server.EnqueueFault(SimulatorEndpoint.PathGet, SimulatorFault.EmptyBody(), times: 0));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{64,}$")]
    private static partial Regex TokenShape();

    [GeneratedRegex(" rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$")]
    private static partial Regex RidSuffix();

    private static void AssertWeChatMessage(string expectedStart, JsonObject answer)
    {
        var errmsg = (string)answer["errmsg"]!;
        Assert.StartsWith(expectedStart + " rid: ", errmsg, StringComparison.Ordinal);
        Assert.Matches(RidSuffix(), errmsg);
    }

    private static HttpClient ClientFor(WeChatSimulatorServer server) => new() { BaseAddress = server.BaseAddress };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string PathUri(string token) => $"{PathGetPath}?access_token={Uri.EscapeDataString(token)}";

    private static string PathBody(string deliveryId, string waybillId) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["order_id"] = "order-" + waybillId,
            ["delivery_id"] = deliveryId,
            ["waybill_id"] = waybillId,
        });

    private static string TokenBody(WeChatSimulatorServer server, bool forceRefresh = false) =>
        TokenBody(server.AppId, server.AppSecret, forceRefresh);

    private static string TokenBody(string appId, string secret, bool forceRefresh = false) =>
        new JsonObject
        {
            ["grant_type"] = "client_credential",
            ["appid"] = appId,
            ["secret"] = secret,
            ["force_refresh"] = forceRefresh,
        }.ToJsonString();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string relativeUri, string body)
    {
        using var content = Json(body);
        return await client.PostAsync(new Uri(relativeUri, UriKind.Relative), content);
    }

    private static async Task<JsonObject> PostForJsonAsync(HttpClient client, string relativeUri, string body)
    {
        using var response = await PostAsync(client, relativeUri, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static async Task<string> GetTokenAsync(HttpClient client, WeChatSimulatorServer server)
    {
        var answer = await PostForJsonAsync(client, StableTokenPath, TokenBody(server));
        return (string?)answer["access_token"] ?? throw new InvalidOperationException($"no token: {answer}");
    }

    private static async Task<int> PathErrcodeAsync(HttpClient client, string token) =>
        (int)(await PostForJsonAsync(client, PathUri(token), SeedRequest))["errcode"]!;
}
