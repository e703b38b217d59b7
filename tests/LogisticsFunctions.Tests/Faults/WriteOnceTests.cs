using System.Net;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Tests.Faults;

/// <summary>
/// Writes are never repeated behind the caller's back: after a timeout, a reset, a 5xx or a busy answer
/// nobody knows whether WeChat acted, so the write is sent once and the caller is told, with 424 and no
/// Retry-After (a status no client stack retries on its own), what is safe. Only a refused token (WeChat
/// acted on nothing) is worth one more try. Shipped timeouts throughout.
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

    public static TheoryData<string, int> FaultsOfUnknownOutcome() => new()
    {
        { "reset", -604103 },
        { "http502", -604103 },
        { "html", -604103 },
        { "truncated", -604103 },
        { "busy", -1 },
    };

    [Theory]
    [MemberData(nameof(FaultsOfUnknownOutcome))]
    public async Task AnAddOrderWhoseOutcomeIsUnknownIsSentOnceAndTheCallerToldWhatIsSafe(string fault, int errCode)
    {
        // The fault strikes before WeChat acts: getOrder then finds no order, and the caller hears the outcome is unknown.
        _simulator.SetPersistentFault(SimulatorEndpoint.OrderAdd, Fault(fault));

        var response = await _app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);

        Assert.Equal((HttpStatusCode.FailedDependency, errCode), (response.StatusCode, (int?)response.Json["errCode"]));
        Assert.Null(response.Header("Retry-After"));
        Assert.Contains("; getOrder does not find it; the outcome is unknown (WeChat may have acted): repeating the call with the same orderId is safe", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal((1, 1), (_simulator.Calls(SimulatorEndpoint.OrderAdd), _simulator.Calls(SimulatorEndpoint.OrderGet)));
    }

    [Fact]
    public async Task AWriteWeChatDoesNotAnswerIsSentOnceAndAnswered424AtTheRequestsDeadline()
    {
        await using var app = WeChatTestServices.Create(_simulator);
        _simulator.SetPersistentFault(SimulatorEndpoint.OrderAdd, SimulatorFault.Delay(TimeSpan.FromSeconds(60)));

        var response = await app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);

        // A write may take the whole deadline (a courier's system can be slow): no attempt timeout cuts it short, and
        // then no time is left to ask getOrder.
        Assert.Equal((HttpStatusCode.FailedDependency, -604102), (response.StatusCode, (int?)response.Json["errCode"]));
        Assert.StartsWith("openapi.logistics.addOrder:fail WeChat did not answer in time; no time was left to ask getOrder; the outcome is unknown", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal((1, 0), (_simulator.Calls(SimulatorEndpoint.OrderAdd), _simulator.Calls(SimulatorEndpoint.OrderGet)));
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

        Assert.Equal(HttpStatusCode.FailedDependency, response.StatusCode);
        Assert.Null(response.Header("Retry-After"));
        Assert.Contains(_app.Logs.Lines, line => line.StartsWith($"Warning LogisticsFunctions.CloudCall.CloudCallHandler: {name} answered 424", StringComparison.Ordinal));
        Assert.EndsWith($"; the outcome is unknown (WeChat may have acted): {method.WhenOutcomeUnknown}", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal(1, _simulator.Calls(endpoint));
    }

    [Fact]
    public async Task AReadMetByTheSameFaultsKeepsItsRetryableStatus()
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.QuotaGet, SimulatorFault.ErrCode(-1, "system error"));

        var response = await _app.InvokeAsync(LogisticsMethods.GetQuota, LogisticsMethods.GetQuota.ExampleRequest);

        // Retrying a read is harmless: 503 with Retry-After, as before.
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "5"), (response.StatusCode, response.Header("Retry-After")));
        Assert.Equal(3, _simulator.Calls(SimulatorEndpoint.QuotaGet));
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
        // WeChat refused before acting: nothing to find out.
        Assert.Equal((1, 0), (_simulator.Calls(SimulatorEndpoint.OrderAdd), _simulator.Calls(SimulatorEndpoint.OrderGet)));
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
