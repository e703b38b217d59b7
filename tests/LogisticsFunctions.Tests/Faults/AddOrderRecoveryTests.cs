using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Faults;

/// <summary>
/// addOrder finds out for itself: when order/add's answer is lost and the deadline has room, getOrder (a read,
/// retried as reads are) says whether WeChat placed the order. Found and not cancelled: 200 with the order's
/// waybill, marked <c>recovered</c>. Not found, cancelled, the read failing or no time left: 424, the outcome
/// is unknown. order/add is never sent twice. Shipped timeouts throughout.
/// </summary>
public sealed class AddOrderRecoveryTests : IAsyncLifetime
{
    private WeChatSimulatorServer _simulator = null!;
    private WeChatTestServices _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await WeChatSimulatorServer.StartAsync();
        // Deadlines frozen: a busy machine must not turn a prompt answer into a timeout (the clock tests below run their own).
        _app = WeChatTestServices.Create(_simulator, timeProvider: FrozenDeadlinesTimeProvider.ShippedDeadlines);
        await _app.Get<AccessTokenProvider>().GetAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    public static TheoryData<string> Losses() => ["reset", "http502", "http503", "busy", "html", "truncated"];

    [Theory]
    [MemberData(nameof(Losses))]
    public async Task AnOrderWeChatPlacedBeforeItsAnswerWasLostIsAnsweredFromGetOrderAndMarkedRecovered(string loss)
    {
        _simulator.EnqueueFault(SimulatorEndpoint.OrderAdd, SimulatorFault.AfterActing(Loss(loss)));

        var response = await _app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);
        var got = await _app.InvokeAsync(LogisticsMethods.GetOrder, """{"orderId":"01234567890123456789","openid":"OPENID","deliveryId":"SF"}""");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (response.StatusCode, got.StatusCode));
        var answer = response.Json;
        Assert.Equal(["orderId", "waybillId", "waybillData", "recovered", "errMsg", "errCode"], answer.Select(member => member.Key));
        Assert.Equal(("01234567890123456789", (string?)got.Json["waybillId"]), ((string?)answer["orderId"], (string?)answer["waybillId"]));
        Assert.Equal(got.Json["waybillData"]!.ToJsonString(), answer["waybillData"]!.ToJsonString());
        Assert.Equal((true, "openapi.logistics.addOrder:ok", 0), ((bool?)answer["recovered"], (string?)answer["errMsg"], (int?)answer["errCode"]));
        // order/add once, and getOrder once for the lookup (the second call is the test's own).
        Assert.Equal((1, 2), (_simulator.Calls(SimulatorEndpoint.OrderAdd), _simulator.Calls(SimulatorEndpoint.OrderGet)));
        Assert.Contains(_app.Logs.Lines, line => line.StartsWith("Warning ", StringComparison.Ordinal) && line.Contains("addOrder lost WeChat's answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetOrderIsAskedForTheOrdersIdCourierAndOpenidAndNothingElse()
    {
        _simulator.EnqueueFault(SimulatorEndpoint.OrderAdd, SimulatorFault.AfterActing(SimulatorFault.ResetConnection()));

        var response = await _app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"order_id":"01234567890123456789","delivery_id":"SF","openid":"OPENID"}""", _simulator.LastRequestBody(SimulatorEndpoint.OrderGet));
    }

    [Fact]
    public async Task AnAppOrderWithoutOpenidIsLookedUpWithoutOne()
    {
        var body = JsonNode.Parse(LogisticsMethods.AddOrder.ExampleRequest)!.AsObject();
        body.Remove("openid");
        body["addSource"] = 2;
        body["wxAppid"] = _simulator.AppId;
        _simulator.EnqueueFault(SimulatorEndpoint.OrderAdd, SimulatorFault.AfterActing(SimulatorFault.ErrCode(-1, "system error")));

        var response = await _app.InvokeAsync(LogisticsMethods.AddOrder, body.ToJsonString());

        Assert.Equal((HttpStatusCode.OK, true), (response.StatusCode, (bool?)response.Json["recovered"]));
        Assert.Equal("""{"order_id":"01234567890123456789","delivery_id":"SF"}""", _simulator.LastRequestBody(SimulatorEndpoint.OrderGet));
    }

    [Fact]
    public async Task ACancelledOrderUnderTheSameIdIsNotTakenForThisOne()
    {
        var placed = await _app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);
        var cancel = new JsonObject { ["orderId"] = "01234567890123456789", ["openid"] = "OPENID", ["deliveryId"] = "SF", ["waybillId"] = (string?)placed.Json["waybillId"] };
        Assert.Equal(HttpStatusCode.OK, (await _app.InvokeAsync(LogisticsMethods.CancelOrder, cancel.ToJsonString())).StatusCode);
        _simulator.EnqueueFault(SimulatorEndpoint.OrderAdd, SimulatorFault.ResetConnection());

        var response = await _app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);

        Assert.Equal((HttpStatusCode.FailedDependency, -604103), (response.StatusCode, (int?)response.Json["errCode"]));
        Assert.Contains("; getOrder finds it, but it is cancelled; the outcome is unknown", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal((2, 1), (_simulator.Calls(SimulatorEndpoint.OrderAdd), _simulator.Calls(SimulatorEndpoint.OrderGet)));
    }

    [Fact]
    public async Task WhenGetOrderFailsTooTheOutcomeIsUnknownAndOrderAddIsStillSentOnce()
    {
        _simulator.EnqueueFault(SimulatorEndpoint.OrderAdd, SimulatorFault.AfterActing(SimulatorFault.ResetConnection()));
        _simulator.SetPersistentFault(SimulatorEndpoint.OrderGet, SimulatorFault.HttpStatus(502));

        var response = await _app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);

        Assert.Equal((HttpStatusCode.FailedDependency, -604103), (response.StatusCode, (int?)response.Json["errCode"]));
        Assert.Null(response.Header("Retry-After"));
        Assert.StartsWith("openapi.logistics.addOrder:fail WeChat could not be reached (", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.EndsWith(
            $"); getOrder could not tell (WeChat answered HTTP 502); the outcome is unknown (WeChat may have acted): {LogisticsMethods.AddOrder.WhenOutcomeUnknown}",
            (string?)response.Json["errMsg"],
            StringComparison.Ordinal);
        // The read is retried as reads are (one try and two retries); the write never.
        Assert.Equal((1, 3), (_simulator.Calls(SimulatorEndpoint.OrderAdd), _simulator.Calls(SimulatorEndpoint.OrderGet)));
    }

    [Fact]
    public async Task AnOrderAddThatTakesTheWholeDeadlineLeavesNoRoomAndIsAnswered424AtTheDeadline()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions { TimeProvider = clock });
        await using var app = WeChatTestServices.Create(simulator, timeProvider: clock);
        await app.Get<AccessTokenProvider>().GetAsync(CancellationToken.None);
        simulator.EnqueueFault(SimulatorEndpoint.OrderAdd, SimulatorFault.AfterActing(SimulatorFault.Delay(TimeSpan.FromSeconds(60))));

        var invocation = app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);
        var response = await AnsweredWithinTheDeadlineAsync(clock, invocation, () => simulator.Calls(SimulatorEndpoint.OrderAdd) == 1);

        Assert.Equal((HttpStatusCode.FailedDependency, -604102), (response.StatusCode, (int?)response.Json["errCode"]));
        Assert.StartsWith("openapi.logistics.addOrder:fail WeChat did not answer in time; no time was left to ask getOrder; the outcome is unknown", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal((1, 0), (simulator.Calls(SimulatorEndpoint.OrderAdd), simulator.Calls(SimulatorEndpoint.OrderGet)));
    }

    [Fact]
    public async Task AGetOrderThatHangsIsCutByTheRequestsDeadlineAndTheAnswerIs424()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions { TimeProvider = clock });
        await using var app = WeChatTestServices.Create(simulator, timeProvider: clock);
        await app.Get<AccessTokenProvider>().GetAsync(CancellationToken.None);
        simulator.EnqueueFault(SimulatorEndpoint.OrderAdd, SimulatorFault.AfterActing(SimulatorFault.ErrCode(-1, "system error")));
        simulator.SetPersistentFault(SimulatorEndpoint.OrderGet, SimulatorFault.Delay(TimeSpan.FromSeconds(60)));

        var invocation = app.InvokeAsync(LogisticsMethods.AddOrder, LogisticsMethods.AddOrder.ExampleRequest);
        var response = await AnsweredWithinTheDeadlineAsync(clock, invocation, () => simulator.Calls(SimulatorEndpoint.OrderGet) == 1);

        // WeChat placed the order, but getOrder hung through its attempts until the deadline: the caller hears it is unknown.
        Assert.Equal((HttpStatusCode.FailedDependency, -1), (response.StatusCode, (int?)response.Json["errCode"]));
        Assert.StartsWith("openapi.logistics.addOrder:fail system error; getOrder did not answer within the request's deadline; the outcome is unknown", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal(1, simulator.Calls(SimulatorEndpoint.OrderAdd));
        Assert.InRange(simulator.Calls(SimulatorEndpoint.OrderGet), 1, 3);
    }

    // Moves the app's and the simulator's clock in small steps, never past the request's deadline, once the request
    // is in WeChat's hands (so its deadline is armed): the answer must come by then, or the deadline did not hold.
    private static async Task<TestHttpResponseData> AnsweredWithinTheDeadlineAsync(FakeTimeProvider clock, Task<TestHttpResponseData> invocation, Func<bool> inWeChatsHands)
    {
        var waited = Stopwatch.StartNew();
        while (!inWeChatsHands() && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }

        Assert.True(inWeChatsHands(), "the request never reached WeChat");
        var deadline = new CloudCallOptions().RequestTimeout;
        var step = TimeSpan.FromMilliseconds(100);
        for (var moved = TimeSpan.Zero; moved < deadline && !invocation.IsCompleted; moved += step)
        {
            clock.Advance(step);
            // Real time for what the step set off (a timeout firing, a retry's pause being armed) to run.
            await Task.WhenAny(invocation, Task.Delay(20));
        }

        var answered = await Task.WhenAny(invocation, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(answered == invocation, $"no answer once the clock reached the request's deadline of {deadline}");
        return await invocation;
    }

    private static SimulatorFault Loss(string name) => name switch
    {
        "reset" => SimulatorFault.ResetConnection(),
        "http502" => SimulatorFault.HttpStatus(502),
        "http503" => SimulatorFault.HttpStatus(503),
        "busy" => SimulatorFault.ErrCode(-1, "system error"),
        "html" => SimulatorFault.Html(),
        "truncated" => SimulatorFault.TruncatedBody(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
