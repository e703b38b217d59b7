using System.Net;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Tests.Faults;

/// <summary>
/// WeChat misbehaving, through the real HTTP client and resilience pipeline against the simulator, with
/// the shipped timeouts and retries: each fault is retried within the budget and then answered with a
/// JSON error that says what happened.
/// </summary>
public sealed class WeChatFaultTests : IAsyncLifetime
{
    private WeChatSimulatorServer _simulator = null!;
    private WeChatTestServices _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await WeChatSimulatorServer.StartAsync();
        _app = await CreateWarmAppAsync(liveDeadlines: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    public static TheoryData<string, string> TransientFaults() => new()
    {
        { "busy", "WeChat errcode -1" },
        { "http502", "WeChat answered HTTP 502" },
        { "http503", "WeChat answered HTTP 503" },
        { "html", "WeChat answered with something that is not a JSON object" },
        { "empty", "WeChat answered with an empty body" },
        { "truncated", "WeChat answered with incomplete or invalid JSON" },
        { "reset", "WeChat could not be reached" },
    };

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task AFaultThatClearsIsRetriedAndTheCallerNeverSeesIt(string fault, string reason)
    {
        _ = reason;
        _simulator.EnqueueFault(SimulatorEndpoint.PathGet, Fault(fault), times: 2);

        var response = await _app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SeedExample.ExpectedAnswerJson(), response.BodyText);
        Assert.Equal(3, _simulator.PathGetCalls);
    }

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task AFaultThatPersistsEndsInAJsonErrorSayingWhatHappened(string fault, string reason)
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, Fault(fault));

        var response = await _app.InvokeGetPathAsync(SeedExample.Request);
        var json = response.Json;

        Assert.Equal(fault == "busy" ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(fault == "busy" ? -1 : -604103, (int?)json["errCode"]);
        Assert.StartsWith($"openapi.logistics.getPath:fail {(fault == "busy" ? "system error" : reason)}", (string?)json["errMsg"], StringComparison.Ordinal);
        // One try and the two retries of the budget: never more.
        Assert.Equal(3, _simulator.PathGetCalls);
    }

    [Fact]
    public async Task AHangingWeChatIsAbandonedPerAttemptAndAnswered504WithinTheRequestsDeadline()
    {
        // The shipped 3 s attempt timeout and back-off run live. The request's 8 s deadline is held until the third
        // attempt is under way: whether it starts before 8 s (at about 6.6 s) depends on the jitter and on how busy
        // the machine is, so a count raced against the live deadline would race the clock.
        var clock = FrozenDeadlinesTimeProvider.Releasable(new CloudCallOptions().RequestTimeout);
        await using var app = WeChatTestServices.Create(_simulator, timeProvider: clock);
        await app.Get<AccessTokenProvider>().GetAsync(CancellationToken.None);
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.Delay(TimeSpan.FromSeconds(60)));

        var answer = app.InvokeGetPathAsync(SeedExample.Request);
        await WaitUntilAsync(() => _simulator.PathGetCalls == 3, TimeSpan.FromSeconds(30));
        clock.Release();
        var response = await answer;

        // Each hanging attempt was abandoned at its timeout and retried, up to the budget; the deadline met the
        // last attempt: the caller gets the cloud call's timeout.
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(-604102, (int?)response.Json["errCode"]);
        Assert.Matches("^openapi.logistics.getPath:fail no answer within the request's deadline of 8 s$", (string?)response.Json["errMsg"]);
        Assert.Equal(3, _simulator.PathGetCalls);
    }

    [Fact]
    public async Task ASlowFirstAttemptIsRetriedWithinTheDeadline()
    {
        await using var app = await CreateWarmAppAsync(liveDeadlines: true);
        _simulator.EnqueueFault(SimulatorEndpoint.PathGet, SimulatorFault.Delay(TimeSpan.FromSeconds(30)));

        var response = await app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _simulator.PathGetCalls);
    }

    [Fact]
    public async Task TheCallersCancellationStopsTheWork()
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.Delay(TimeSpan.FromSeconds(30)));
        using var cancellation = new CancellationTokenSource();

        var invocation = _app.InvokeGetPathAsync(SeedExample.Request, cancellation.Token);
        // The caller gives up while WeChat holds the first attempt, not after a fixed time: a busy machine
        // can spend any fixed time before the attempt has even reached WeChat.
        await WaitUntilAsync(() => _simulator.PathGetCalls == 1);
        await cancellation.CancelAsync();
        var response = await invocation;

        // The first attempt was cut short by the caller (its own timeout cannot run out here), and nothing was retried.
        Assert.Equal(1, _simulator.PathGetCalls);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("openapi.logistics.getPath:fail request cancelled", (string?)response.Json["errMsg"]);
    }

    [Theory]
    [InlineData(45009, "reach max api daily quota limit")]
    [InlineData(45011, "api minute-quota reach limit, must slower, retry next minute")]
    [InlineData(9300509, "frequency limit")]
    [InlineData(9300537, "frequency limit")]
    public async Task AQuotaIsNeverRetriedAndAnswers429WithRetryAfter(int errcode, string errmsg)
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.ErrCode(errcode, errmsg));

        var response = await _app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(errcode, (int?)response.Json["errCode"]);
        Assert.Equal($"openapi.logistics.getPath:fail {errmsg}", (string?)response.Json["errMsg"]);
        Assert.True(int.Parse(response.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(1, _simulator.PathGetCalls);
    }

    [Fact]
    public async Task AQuotaOnTheTokenCallIs429Too()
    {
        await using var cold = CreateApp(liveDeadlines: false);
        _simulator.SetPersistentFault(SimulatorEndpoint.StableToken, SimulatorFault.ErrCode(45009, "reach max api daily quota limit"));
        var tokenCallsBefore = _simulator.StableTokenCalls;

        var response = await cold.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(45009, (int?)response.Json["errCode"]);
        Assert.NotNull(response.Header("Retry-After"));
        Assert.Equal(tokenCallsBefore + 1, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task AnHttp429FromWeChatIsNotRetriedAndIsAnsweredAsAQuotaWithWeChatsRetryAfter()
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.TooManyRequests(TimeSpan.FromSeconds(7)));

        var response = await _app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(-604103, (int?)response.Json["errCode"]);
        Assert.Equal("7", response.Header("Retry-After"));
        Assert.Equal(1, _simulator.PathGetCalls);
    }

    [Fact]
    public async Task AnHttp429WithoutRetryAfterAsksToComeBackInAMinute()
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.HttpStatus(429));

        var response = await _app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal((HttpStatusCode.TooManyRequests, "60"), (response.StatusCode, response.Header("Retry-After")));
        Assert.Equal(1, _simulator.PathGetCalls);
    }

    [Fact]
    public async Task ARedirectIsNeverFollowedSoTheAppSecretStaysWithWeChat()
    {
        await using var elsewhere = await WeChatSimulatorServer.StartAsync();
        await using var cold = CreateApp(liveDeadlines: false);
        _simulator.SetPersistentFault(SimulatorEndpoint.StableToken, SimulatorFault.Redirect(elsewhere.BaseAddress));

        var response = await cold.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("openapi.logistics.getPath:fail WeChat answered HTTP 307", (string?)response.Json["errMsg"]);
        Assert.Equal(0, elsewhere.StableTokenCalls);
        Assert.Null(elsewhere.LastStableTokenRequestBody);
    }

    [Fact]
    public async Task ACallerIpNotWhitelistedIs5xxKeepingWeChatsMessageThatNamesTheIp()
    {
        await using var cold = CreateApp(liveDeadlines: false);
        _simulator.SetCallerIpWhitelisted(false);

        var response = await cold.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(40164, (int?)response.Json["errCode"]);
        Assert.Contains("invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist", (string?)response.Json["errMsg"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecretWeChatRefusesIs5xxSayingTheAppSecretIsWrong()
    {
        await using var cold = CreateApp(liveDeadlines: false);
        _simulator.SetAppSecret("rotated-in-the-wechat-console");

        var response = await cold.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(40125, (int?)response.Json["errCode"]);
        Assert.StartsWith("openapi.logistics.getPath:fail the app secret is wrong", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        Assert.DoesNotContain("rotated-in-the-wechat-console", response.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain(_simulator.AppSecret, response.BodyText, StringComparison.Ordinal);
    }

    // Tests about prompt answers (retry counts, error mapping) run the shipped deadlines frozen, so a busy
    // machine serving an attempt slowly cannot turn it into a timeout and a retry; the deadline tests run them live.
    private WeChatTestServices CreateApp(bool liveDeadlines) =>
        WeChatTestServices.Create(_simulator, timeProvider: liveDeadlines ? null : FrozenDeadlinesTimeProvider.ShippedDeadlines);

    // A token in hand, so the counts are of the express call alone.
    private async Task<WeChatTestServices> CreateWarmAppAsync(bool liveDeadlines)
    {
        var app = CreateApp(liveDeadlines);
        await app.Get<AccessTokenProvider>().GetAsync(CancellationToken.None);
        return app;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private static SimulatorFault Fault(string name) => name switch
    {
        "busy" => SimulatorFault.ErrCode(-1, "system error"),
        "http502" => SimulatorFault.HttpStatus(502),
        "http503" => SimulatorFault.HttpStatus(503),
        "html" => SimulatorFault.Html(),
        "empty" => SimulatorFault.EmptyBody(),
        "truncated" => SimulatorFault.TruncatedBody(),
        "reset" => SimulatorFault.ResetConnection(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
