using System.Net;
using System.Text.Json.Nodes;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Functions;

/// <summary>The GetPath function over the app's real services and real HTTP to the simulator.</summary>
public sealed class GetPathFunctionTests : IAsyncLifetime
{
    private WeChatSimulatorServer _simulator = null!;
    private WeChatTestServices _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await WeChatSimulatorServer.StartAsync();
        // The shipped deadlines frozen: these tests count calls, which a busy machine must not turn into timeouts and retries.
        _app = WeChatTestServices.Create(_simulator, timeProvider: FrozenDeadlinesTimeProvider.ShippedDeadlines);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task TheSeedsExampleComesOutExactlyAsTheSeedShowsIt()
    {
        var response = await _app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal(SeedExample.ExpectedAnswerJson(), response.BodyText);
    }

    [Fact]
    public async Task TheUpstreamBodyIsSnakeCaseWithTheTokenInTheQuery()
    {
        await _app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(
            """{"openid":"OPENID","order_id":"01234567890123456789","delivery_id":"SF","waybill_id":"12345678901234567890"}""",
            _simulator.LastPathRequestBody);
    }

    [Fact]
    public async Task OpenidIsLeftOutUpstreamWhenNotGiven()
    {
        var response = await _app.InvokeGetPathAsync("""{"orderId":"o-1","deliveryId":"SF","waybillId":"12345678901234567890"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"order_id":"o-1","delivery_id":"SF","waybill_id":"12345678901234567890"}""", _simulator.LastPathRequestBody);
    }

    [Fact]
    public async Task AnInvalidRequestIs400NamingTheFieldAndNothingGoesUpstream()
    {
        var response = await _app.InvokeGetPathAsync("""{"deliveryId":"SF","waybillId":"1"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            """{"errCode":47001,"errMsg":"openapi.logistics.getPath:fail orderId is required"}""",
            response.BodyText);
        Assert.Equal(0, _simulator.PathGetCalls);
        Assert.Equal(0, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task ABodyOverTheCapIs400AndNothingGoesUpstream()
    {
        var body = new byte[(64 * 1024) + 1];
        Array.Fill(body, (byte)' ');

        var response = await _app.InvokeGetPathAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("larger than 65536 bytes", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.Equal(0, _simulator.StableTokenCalls + _simulator.PathGetCalls);
    }

    [Fact]
    public async Task AWaybillWeChatDoesNotKnowIs404WithWeChatsErrcodeAndMessage()
    {
        var response = await _app.InvokeGetPathAsync("""{"orderId":"o-1","deliveryId":"SF","waybillId":"000000"}""");
        var json = response.Json;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(40199, (int?)json["errCode"]);
        Assert.StartsWith("openapi.logistics.getPath:fail waybill_id not found rid: ", (string?)json["errMsg"], StringComparison.Ordinal);
        Assert.Equal(["errCode", "errMsg"], json.Select(p => p.Key));
    }

    [Fact]
    public async Task ALongWeChatMessageComesBackWhole()
    {
        var message = "invalid openid hint: [" + new string('x', 1000) + "] rid: 1";
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.ErrCode(40003, message));

        var response = await _app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"openapi.logistics.getPath:fail {message}", (string?)response.Json["errMsg"]);
    }

    [Fact]
    public async Task ARefusedTokenIsReplacedAndTheCallRetriedOnce()
    {
        await _app.InvokeGetPathAsync(SeedExample.Request);
        // Knocked out moments after it was fetched: its age does not matter.
        _simulator.RevokeCurrentToken();

        var response = await _app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _simulator.StableTokenCalls);
        Assert.Equal(3, _simulator.PathGetCalls);
    }

    [Fact]
    public async Task ATokenRefusedEveryTimeIsRetriedOnceNotInALoop()
    {
        await _app.Get<AccessTokenProvider>().GetAsync(CancellationToken.None);
        // The token in hand is really dead (so a fetch brings a new one), and WeChat refuses every token.
        _simulator.RevokeCurrentToken();
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.ErrCode(40001, "invalid credential, access_token is invalid or not latest rid: 1"));

        var response = await _app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(40001, (int?)response.Json["errCode"]);
        Assert.Equal(2, _simulator.PathGetCalls);
        Assert.Equal(2, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task AFloodOfRequestsWithARefusedTokenDoesNotBecomeAFloodOfTokenCalls()
    {
        // A clock that stands still: the token stays younger than the minimum refresh interval however long
        // the flood takes, and no attempt timeout can abandon a counted call and retry it.
        await using var app = WeChatTestServices.Create(_simulator, timeProvider: new FakeTimeProvider(DateTimeOffset.UtcNow));
        await app.Get<AccessTokenProvider>().GetAsync(CancellationToken.None);
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.ErrCode(40001, "invalid credential, access_token is invalid or not latest rid: 1"));

        // On the stopped clock a retry's back-off never ends: fail rather than hang if one ever happens.
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => app.InvokeGetPathAsync(SeedExample.Request))))
            .WaitAsync(TimeSpan.FromMinutes(1));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode));
        // The first refusal fetches once; the fetch hands back the same token, so nothing is retried and
        // no other refusal of that value fetches again.
        Assert.Equal(2, _simulator.StableTokenCalls);
        Assert.Equal(200, _simulator.PathGetCalls);
    }

    [Fact]
    public async Task AHundredConcurrentColdRequestsMakeOneTokenFetch()
    {
        // A clock that stands still: no attempt timeout can abandon a counted call and retry it, however long
        // a hundred requests take to get through a busy machine.
        await using var app = WeChatTestServices.Create(_simulator, timeProvider: new FakeTimeProvider(DateTimeOffset.UtcNow));

        // On the stopped clock a retry's back-off never ends: fail rather than hang if one ever happens.
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => app.InvokeGetPathAsync(SeedExample.Request))))
            .WaitAsync(TimeSpan.FromMinutes(1));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, _simulator.StableTokenCalls);
        Assert.Equal(100, _simulator.PathGetCalls);
    }

    [Theory]
    [InlineData("ZTO", "78312345678901")]
    [InlineData("JD", "JDVA12345678901")]
    public async Task OtherCouriersPathsComeBackConverted(string deliveryId, string waybill)
    {
        var response = await _app.InvokeGetPathAsync($$"""{"orderId":"o-1","deliveryId":"{{deliveryId}}","waybillId":"{{waybill}}"}""");
        var json = response.Json;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(deliveryId, (string?)json["deliveryId"]);
        var items = json["pathItemList"]!.AsArray();
        Assert.Equal((int?)json["pathItemNum"], items.Count);
        Assert.All(items, item => Assert.Equal(["actionTime", "actionType", "actionMsg"], item!.AsObject().Select(p => p.Key)));
    }
}
