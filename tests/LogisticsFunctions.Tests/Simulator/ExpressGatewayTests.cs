using System.Net;
using System.Text;
using System.Text.Json;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>
/// What every endpoint of the express family does before its own logic, as path/get always did: faults first, then the
/// IP whitelist, the method, the access token; and each endpoint counted and faulted on its own.
/// </summary>
public sealed class ExpressGatewayTests
{
    public static TheoryData<SimulatorEndpoint> Endpoints => ExpressRoutes.All;

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_41001_without_a_token_and_40001_to_an_unknown_one(SimulatorEndpoint endpoint)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var method = ExpressRoutes.IsGet(endpoint) ? HttpMethod.Get : HttpMethod.Post;

        var missing = await caller.SendForJsonAsync(method, ExpressRoutes.PathOf(endpoint), "{}", accessToken: null);
        var unknown = await caller.SendForJsonAsync(method, ExpressRoutes.PathOf(endpoint), "{}", accessToken: "not-a-token");

        SimulatorCaller.AssertError(missing, 41001, "access_token missing");
        SimulatorCaller.AssertError(unknown, 40001, "invalid credential, access_token is invalid or not latest");
        Assert.Equal(2, server.Calls(endpoint));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_42001_to_an_expired_token(SimulatorEndpoint endpoint)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 3, 11, 0, 0, 0, TimeSpan.Zero));
        await using var server = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions { TimeProvider = time });
        using var caller = await SimulatorCaller.ConnectAsync(server);

        time.Advance(TimeSpan.FromSeconds(7200));
        var answer = await caller.CallAsync(endpoint, "{}");

        SimulatorCaller.AssertError(answer, 42001, "access_token expired");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Get_endpoints_refuse_a_post_with_43001_and_post_endpoints_a_get_with_43002_before_the_token_is_checked(
        SimulatorEndpoint endpoint)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var isGet = ExpressRoutes.IsGet(endpoint);

        var answer = await caller.SendForJsonAsync(isGet ? HttpMethod.Post : HttpMethod.Get, ExpressRoutes.PathOf(endpoint), isGet ? "{}" : null, accessToken: null);

        if (isGet)
        {
            SimulatorCaller.AssertError(answer, 43001, "require GET method");
        }
        else
        {
            SimulatorCaller.AssertError(answer, 43002, "require POST method");
        }
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_40164_to_a_caller_outside_the_ip_whitelist(SimulatorEndpoint endpoint)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        server.SetCallerIpWhitelisted(false);
        var answer = await caller.CallAsync(endpoint, "{}");

        SimulatorCaller.AssertError(answer, 40164, "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_fault_aimed_at_one_endpoint_plays_there_once_and_only_that_endpoint_counts_the_call(SimulatorEndpoint endpoint)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var body = ExpressRoutes.IsGet(endpoint) ? string.Empty : """{"probe":"体"}""";

        server.EnqueueFault(endpoint, SimulatorFault.ErrCode(-1, "system error"));
        var faulted = await caller.SendForTextAsync(
            ExpressRoutes.IsGet(endpoint) ? HttpMethod.Get : HttpMethod.Post, ExpressRoutes.PathOf(endpoint), body, caller.Token);
        var afterwards = await caller.CallAsync(endpoint, body);

        Assert.Equal("""{"errcode":-1,"errmsg":"system error"}""", faulted);
        Assert.NotEqual(-1, (int)afterwards["errcode"]!);
        Assert.Equal(2, server.Calls(endpoint));
        Assert.Equal(body, server.LastRequestBody(endpoint));
        Assert.All(
            Enum.GetValues<SimulatorEndpoint>().Where(other => other != endpoint && other != SimulatorEndpoint.StableToken),
            other =>
            {
                Assert.Equal(0, server.Calls(other));
                Assert.Null(server.LastRequestBody(other));
            });
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_persistent_http_fault_on_an_endpoint_stays_until_cleared(SimulatorEndpoint endpoint)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var uri = new Uri($"{ExpressRoutes.PathOf(endpoint)}?access_token={caller.Token}", UriKind.Relative);

        server.SetPersistentFault(endpoint, SimulatorFault.HttpStatus(503));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(ExpressRoutes.IsGet(endpoint) ? HttpMethod.Get : HttpMethod.Post, uri);
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        server.SetPersistentFault(endpoint, null);
        var cleared = await caller.CallAsync(endpoint, "{}");

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable], statuses);
        Assert.NotNull(cleared["errcode"]);
        Assert.Equal(3, server.Calls(endpoint));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_truncated_body_fault_sends_the_first_half_of_a_valid_answer_of_that_endpoint(SimulatorEndpoint endpoint)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        server.EnqueueFault(endpoint, SimulatorFault.TruncatedBody());
        var text = await caller.SendForTextAsync(
            ExpressRoutes.IsGet(endpoint) ? HttpMethod.Get : HttpMethod.Post, ExpressRoutes.PathOf(endpoint), "{}", caller.Token);

        Assert.StartsWith("""{"errcode":0""", text, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text).Dispose());
    }

    [Fact]
    public async Task A_delivery_error_fault_answers_9300501_with_the_couriers_code_and_message()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        server.EnqueueFault(SimulatorEndpoint.OrderAdd, SimulatorFault.DeliveryError(20001, "收件地址超出服务范围"));
        var text = await caller.SendForTextAsync(HttpMethod.Post, ExpressRoutes.OrderAdd, OrderRequests.DocumentedAddOrder, caller.Token);

        Assert.Equal(
            """{"errcode":9300501,"errmsg":"delivery logic fail","delivery_resultcode":20001,"delivery_resultmsg":"收件地址超出服务范围"}""",
            text);
        Assert.Equal(1, server.Calls(SimulatorEndpoint.OrderAdd));
        Assert.Equal(OrderRequests.DocumentedAddOrder, server.LastRequestBody(SimulatorEndpoint.OrderAdd));
    }

    [Fact]
    public async Task A_get_endpoint_keeps_an_empty_body_as_its_last_request_body()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        await caller.GetAsync(ExpressRoutes.DeliveryGetAll);

        Assert.Equal(string.Empty, server.LastRequestBody(SimulatorEndpoint.DeliveryGetAll));
        Assert.Equal(1, server.Calls(SimulatorEndpoint.DeliveryGetAll));
    }

    [Fact]
    public async Task Counters_of_an_endpoint_that_is_not_one_are_refused()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();

        Assert.Throws<ArgumentOutOfRangeException>(() => server.Calls((SimulatorEndpoint)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => server.LastRequestBody((SimulatorEndpoint)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => server.EnqueueFault((SimulatorEndpoint)99, SimulatorFault.EmptyBody()));
        Assert.Throws<ArgumentNullException>(() => SimulatorFault.DeliveryError(1, null!));
    }

    [Fact]
    public async Task Raw_utf8_is_sent_for_chinese_text_in_the_family_answers()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var text = await caller.SendForTextAsync(HttpMethod.Get, ExpressRoutes.DeliveryGetAll, body: null, caller.Token);

        Assert.Contains("顺丰速运", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(text) > text.Length);
    }
}
