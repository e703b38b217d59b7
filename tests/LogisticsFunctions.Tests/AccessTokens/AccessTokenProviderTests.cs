using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChat.Http;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>
/// The token provider through the real HTTP stack against the simulator, on one fake clock, with the
/// shipped defaults (TokenRefreshMinInterval 10 s): no setting is lowered to make a retry happen.
/// </summary>
public sealed class AccessTokenProviderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly ResponseGate _stableTokenGate = new("/cgi-bin/stable_token");
    private WeChatSimulatorServer _simulator = null!;
    private WeChatTestServices _services = null!;

    private AccessTokenProvider Tokens => _services.Get<AccessTokenProvider>();

    public async Task InitializeAsync()
    {
        _simulator = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions { TimeProvider = _time });
        _services = CreateApp(_simulator);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task FetchesWithStableTokenInNormalModeOnly()
    {
        await Tokens.GetAsync(CancellationToken.None);

        var body = JsonNode.Parse(_simulator.LastStableTokenRequestBody!)!.AsObject();
        Assert.Equal("client_credential", (string?)body["grant_type"]);
        Assert.Equal(_simulator.AppId, (string?)body["appid"]);
        Assert.Equal(_simulator.AppSecret, (string?)body["secret"]);
        Assert.False((bool)body["force_refresh"]!);
    }

    [Fact]
    public async Task ATokenIsServedFromTheCacheUntilShortlyBeforeItExpires()
    {
        var first = await Tokens.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(100));
        var cached = await Tokens.GetAsync(CancellationToken.None);

        Assert.Same(first, cached);
        Assert.Equal(1, _simulator.StableTokenCalls);

        // Past "one minute before expiry" the cached token is never handed out again.
        _time.Advance(TimeSpan.FromSeconds(7200 - 6000 - 60));
        var renewed = await Tokens.GetAsync(CancellationToken.None);

        Assert.NotEqual(first.Value, renewed.Value);
        Assert.Equal(2, _simulator.StableTokenCalls);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(7200), renewed.ExpiresAt);
    }

    [Fact]
    public async Task ConcurrentRequestsOnAColdCacheShareOneFetch()
    {
        var tokens = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => Tokens.GetAsync(CancellationToken.None).AsTask())));

        Assert.Equal(1, _simulator.StableTokenCalls);
        Assert.Single(tokens.Select(t => t.Value).Distinct());
    }

    [Fact]
    public async Task UnderSteadyLoadNoRequestWaitsForATokenFetch()
    {
        await Tokens.GetAsync(CancellationToken.None);

        // Three token lifetimes of a request every 10 s: each is served at once from the cache, while
        // the refresh ahead of expiry runs in the background.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(6); elapsed += TimeSpan.FromSeconds(10))
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            var pending = Tokens.GetAsync(CancellationToken.None);
            Assert.True(pending.IsCompletedSuccessfully, $"a request waited for a token at {elapsed}");
            await WaitUntilNoFetchIsRunningAsync();
        }

        // One fetch at start and one refresh per lifetime, never more.
        Assert.Equal(1 + 3, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task TheBackgroundRefreshReplacesTheTokenBeforeItExpires()
    {
        var first = await Tokens.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(7200 - 200));

        var duringRefresh = Tokens.GetAsync(CancellationToken.None);
        Assert.True(duringRefresh.IsCompletedSuccessfully);
        Assert.Same(first, await duringRefresh);
        await WaitUntilNoFetchIsRunningAsync();

        var after = await Tokens.GetAsync(CancellationToken.None);
        Assert.NotEqual(first.Value, after.Value);
        Assert.Equal(2, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task ATokenKnockedOutSecondsAfterItWasFetchedIsFetchedAgainAtOnceAndTheRequestSucceeds()
    {
        await Tokens.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(2));
        // Another system force-refreshes the token, or the AppSecret is reset in WeChat's console.
        _simulator.RevokeCurrentToken();

        var response = await _services.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _simulator.StableTokenCalls);
        Assert.Equal(2, _simulator.PathGetCalls);
    }

    [Fact]
    public async Task ATokenKnockedOutRightAfterABackgroundRenewalIsFetchedAgainAtOnce()
    {
        await Tokens.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(7200 - 200));
        await Tokens.GetAsync(CancellationToken.None);
        await WaitUntilNoFetchIsRunningAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        _simulator.RevokeCurrentToken();

        var response = await _services.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task AFreshInstanceWhoseFirstTokenIsKnockedOutRecoversOnItsFirstRequest()
    {
        await using var fresh = CreateApp(_simulator);
        await fresh.Get<AccessTokenProvider>().WarmUpAsync(CancellationToken.None);
        _simulator.RevokeCurrentToken();

        var response = await fresh.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task WhenTheFetchHandsBackTheRefusedValueTheRefusalIsAnsweredAndThatValueIsNotFetchedForWithinTheInterval()
    {
        await Tokens.GetAsync(CancellationToken.None);
        // WeChat refuses the token on the business call, yet stable_token still hands out the same one.
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.ErrCode(40001, "invalid credential, access_token is invalid or not latest rid: 1"));

        var first = await _services.InvokeGetPathAsync(SeedExample.Request);
        _time.Advance(TimeSpan.FromSeconds(9));
        var withinTheInterval = await _services.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal((HttpStatusCode.BadGateway, 40001), (first.StatusCode, (int?)first.Json["errCode"]));
        Assert.Equal((HttpStatusCode.BadGateway, 40001), (withinTheInterval.StatusCode, (int?)withinTheInterval.Json["errCode"]));
        // One fetch at start, one after the first refusal; the value came back, so nothing was retried.
        Assert.Equal(2, _simulator.StableTokenCalls);
        Assert.Equal(2, _simulator.PathGetCalls);

        _time.Advance(TimeSpan.FromSeconds(2));
        await _services.InvokeGetPathAsync(SeedExample.Request);
        Assert.Equal(3, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task AFloodOfRefusalsOfTheSameValueCostsOneTokenCall()
    {
        await Tokens.GetAsync(CancellationToken.None);
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.ErrCode(40001, "invalid credential, access_token is invalid or not latest rid: 1"));

        // The app's clock stands still, so no attempt timeout can abandon a counted call; fail rather than hang if one would.
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => _services.InvokeGetPathAsync(SeedExample.Request))))
            .WaitAsync(TimeSpan.FromMinutes(1));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode));
        Assert.Equal(2, _simulator.StableTokenCalls);
        Assert.Equal(200, _simulator.PathGetCalls);
    }

    [Fact]
    public async Task TokensKnockedOutAgainAndAgainArePacedToAHandfulOfFetches()
    {
        await Tokens.GetAsync(CancellationToken.None);

        // Something force-refreshes the token before each request: every refusal brings a new, good token.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            _simulator.RevokeCurrentToken();
            statuses.Add((await _services.InvokeGetPathAsync(SeedExample.Request)).StatusCode);
        }

        // A burst of three refusal-triggered fetches at once; then none until the budget refills.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, AccessTokenProvider.RefusalFetchBurst), .. Enumerable.Repeat(HttpStatusCode.BadGateway, 10 - AccessTokenProvider.RefusalFetchBurst)], statuses);
        Assert.Equal(1 + AccessTokenProvider.RefusalFetchBurst, _simulator.StableTokenCalls);

        _time.Advance(TimeSpan.FromSeconds(10));
        _simulator.RevokeCurrentToken();
        Assert.Equal(HttpStatusCode.OK, (await _services.InvokeGetPathAsync(SeedExample.Request)).StatusCode);
        Assert.Equal(2 + AccessTokenProvider.RefusalFetchBurst, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task ARefusalWhileABackgroundRefreshIsInFlightIsNotAnsweredWithTheOldValue()
    {
        // WeChat's clock (the simulator's) stays put while the app's moves into the refresh window, so
        // the refresh that starts there is handed the token WeChat considers current: the old one.
        await using var weChat = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions { TimeProvider = new FakeTimeProvider(Start) });
        await using var app = CreateApp(weChat);
        var tokens = app.Get<AccessTokenProvider>();
        var old = await tokens.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(7200 - 200));
        _stableTokenGate.Close();
        await tokens.GetAsync(CancellationToken.None);
        await WaitForAsync(() => weChat.StableTokenCalls == 2);

        // The refresh's answer (the old value) is on its way when the old value is knocked out.
        weChat.RevokeCurrentToken();
        var request = app.InvokeGetPathAsync(SeedExample.Request);
        await WaitForAsync(() => weChat.PathGetCalls == 1);
        _stableTokenGate.Open();
        var response = await request;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, weChat.StableTokenCalls);
        Assert.Equal(2, weChat.PathGetCalls);
        Assert.NotEqual(old.Value, weChat.IssuedTokens.Last());
    }

    [Fact]
    public async Task AFailedFetchIsNotRepeatedByEveryWaitingRequest()
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.StableToken, SimulatorFault.ErrCode(40164, "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist rid: 1"));

        for (var i = 0; i < 20; i++)
        {
            await Assert.ThrowsAsync<WeChatException>(() => Tokens.GetAsync(CancellationToken.None).AsTask());
        }

        Assert.Equal(1, _simulator.StableTokenCalls);

        // Once the cool-down has passed and WeChat is fixed, the next request fetches again.
        _simulator.SetPersistentFault(SimulatorEndpoint.StableToken, null);
        _time.Advance(AccessTokenProvider.FailedFetchCooldown);
        await Tokens.GetAsync(CancellationToken.None);
        Assert.Equal(2, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task TheSharedFetchRunsOutsideTheContextOfTheRequestThatStartedIt()
    {
        using var request = new Activity("a request").Start();

        await Tokens.GetAsync(CancellationToken.None);

        // Its HTTP call, logs and telemetry belong to no request: it is no part of this request's trace.
        Assert.Single(_stableTokenGate.TraceIdsSeen);
        Assert.DoesNotContain(request.TraceId.ToHexString(), _stableTokenGate.TraceIdsSeen);
    }

    [Fact]
    public void TheTokenNeverPrintsItsValue()
    {
        var token = new AccessToken("SECRET-TOKEN-VALUE", _time.GetUtcNow(), _time.GetUtcNow().AddHours(2));

        Assert.DoesNotContain("SECRET-TOKEN-VALUE", token.ToString(), StringComparison.Ordinal);
    }

    private WeChatTestServices CreateApp(WeChatSimulatorServer simulator) => WeChatTestServices.Create(
        simulator,
        timeProvider: _time,
        configureServices: services => services.AddHttpClient(WeChatHttpClient.HttpClientName).AddHttpMessageHandler(_stableTokenGate.CreateHandler));

    private async Task WaitUntilNoFetchIsRunningAsync() => await WaitForAsync(() => !Tokens.IsFetching);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        // Fetches run on the thread pool over real loopback HTTP; give them real time to land.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
