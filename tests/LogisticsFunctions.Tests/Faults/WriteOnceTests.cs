using System.Net;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Tests.Faults;

/// <summary>
/// Writes are never repeated behind the caller's back: after a timeout, a reset, a 5xx or a busy answer
/// nobody knows whether WeChat acted, so the write is sent once and the caller is told what is safe.
/// Only a refused token (WeChat acted on nothing) is worth one more try. Shipped timeouts throughout.
/// </summary>
public sealed class WriteOnceTests : IAsyncLifetime
{
    private WeChatSimulatorServer _simulator = null!;
    private WeChatTestServices _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await WeChatSimulatorServer.StartAsync();
        // The shipped deadlines frozen: a busy machine serving a call slowly must not turn it into a timeout
        // (the one test about a write WeChat does not answer runs them live).
        _app = WeChatTestServices.Create(_simulator, timeProvider: FrozenDeadlinesTimeProvider.ShippedDeadlines);
        await _app.Get<AccessTokenProvider>().GetAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    public static TheoryData<string, HttpStatusCode, int> FaultsOfUnknownOutcome() => new()
    {
        { "reset", HttpStatusCode.BadGateway, -604103 },
        { "http502", HttpStatusCode.BadGateway, -604103 },
        { "html", HttpStatusCode.BadGateway, -604103 },
        { "truncated", HttpStatusCode.BadGateway, -604103 },
        { "busy", HttpStatusCode.ServiceUnavailable, -1 },
    };

    [Theory]
    [MemberData(nameof(FaultsOfUnknownOutcome))]
    public async Task AnAddOrderWhoseOutcomeIsUnknownIsSentOnceAndTheCallerToldWhatIsSafe(string fault, HttpStatusCode status, int errCode)
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.OrderAdd, Fault(fault));

        var response = await _app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);

        Assert.Equal((status, errCode), (response.StatusCode, (int?)response.Json["errCode"]));
        Assert.Contains("the outcome is unknown", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Contains("repeating the call with the same orderId is safe", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal(1, _simulator.Calls(SimulatorEndpoint.OrderAdd));
    }

    [Fact]
    public async Task AWriteWeChatDoesNotAnswerIsSentOnceAndAnswered504AtTheRequestsDeadline()
    {
        await using var app = WeChatTestServices.Create(_simulator);
        _simulator.SetPersistentFault(SimulatorEndpoint.OrderAdd, SimulatorFault.Delay(TimeSpan.FromSeconds(60)));

        var response = await app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);

        // A write may take the whole deadline (a courier's system can be slow): no attempt timeout cuts it short.
        Assert.Equal((HttpStatusCode.GatewayTimeout, -604102), (response.StatusCode, (int?)response.Json["errCode"]));
        Assert.StartsWith("openapi.logistics.addOrder:fail WeChat did not answer in time; the outcome is unknown", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal(1, _simulator.Calls(SimulatorEndpoint.OrderAdd));
    }

    [Theory]
    [InlineData("cancelOrder", SimulatorEndpoint.OrderCancel, """{"orderId":"o","deliveryId":"SF","waybillId":"w"}""")]
    [InlineData("bindAccount", SimulatorEndpoint.AccountBind, """{"type":"bind","bizId":"b","deliveryId":"YTO"}""")]
    [InlineData("updatePrinter", SimulatorEndpoint.PrinterUpdate, """{"openid":"o","updateType":"bind"}""")]
    [InlineData("testUpdateOrder", SimulatorEndpoint.TestUpdateOrder, """{"bizId":"test_biz_id","orderId":"o","deliveryId":"TEST","waybillId":"w","actionTime":1,"actionType":1,"actionMsg":"x"}""")]
    public async Task EveryWriteIsSentOnceWhenTheConnectionBreaks(string name, SimulatorEndpoint endpoint, string body)
    {
        _simulator.SetPersistentFault(endpoint, SimulatorFault.ResetConnection());
        var method = LogisticsMethods.All.Single(m => m.Name == name);

        var response = await _app.InvokeAsync(method, body);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains($"the outcome is unknown (WeChat may have acted): {method.WhenOutcomeUnknown}", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal(1, _simulator.Calls(endpoint));
    }

    [Fact]
    public async Task ARefusedTokenOnAWriteCostsExactlyOneRetry()
    {
        _simulator.RevokeCurrentToken();

        var response = await _app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _simulator.Calls(SimulatorEndpoint.OrderAdd));
        Assert.Equal(2, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task AWriteWeChatRefusesOutrightIsNotCalledUnknown()
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.OrderAdd, SimulatorFault.HttpStatus(404));

        var response = await _app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.DoesNotContain("the outcome is unknown", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal(1, _simulator.Calls(SimulatorEndpoint.OrderAdd));
    }

    [Fact]
    public async Task ReadsAreStillRetried()
    {
        _simulator.EnqueueFault(SimulatorEndpoint.QuotaGet, SimulatorFault.ResetConnection(), times: 2);

        var response = await _app.InvokeAsync(LogisticsMethods.GetQuota, LogisticsMethods.GetQuota.ExampleRequest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _simulator.Calls(SimulatorEndpoint.QuotaGet));
    }

    private static SimulatorFault Fault(string name) => name switch
    {
        "reset" => SimulatorFault.ResetConnection(),
        "http502" => SimulatorFault.HttpStatus(502),
        "html" => SimulatorFault.Html(),
        "truncated" => SimulatorFault.TruncatedBody(),
        "busy" => SimulatorFault.ErrCode(-1, "system error"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
