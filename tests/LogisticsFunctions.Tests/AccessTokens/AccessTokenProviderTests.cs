using System.Text.Json.Nodes;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>The token provider through the real HTTP stack against the simulator, on one fake clock.</summary>
public sealed class AccessTokenProviderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private WeChatSimulatorServer _simulator = null!;
    private WeChatTestServices _services = null!;

    private AccessTokenProvider Tokens => _services.Get<AccessTokenProvider>();

    public async Task InitializeAsync()
    {
        _simulator = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions { TimeProvider = _time });
        _services = WeChatTestServices.Create(_simulator, timeProvider: _time);
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
    public async Task ARefusedTokenIsDroppedOnlyIfItIsStillTheCurrentOne()
    {
        var first = await Tokens.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        _simulator.RevokeCurrentToken();

        Tokens.Invalidate(first);
        var second = await Tokens.GetAsync(CancellationToken.None);
        // A late refusal of the old token (another request's) must not knock out the new one.
        Tokens.Invalidate(first);
        var stillSecond = await Tokens.GetAsync(CancellationToken.None);

        Assert.NotEqual(first.Value, second.Value);
        Assert.Same(second, stillSecond);
        Assert.Equal(2, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task ATokenRefusedRightAfterItWasFetchedIsNotFetchedAgainAtOnce()
    {
        var first = await Tokens.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(3));

        Tokens.Invalidate(first);

        Assert.Same(first, await Tokens.GetAsync(CancellationToken.None));
        Assert.Equal(1, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task AFailedFetchIsNotRepeatedByEveryWaitingRequest()
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.StableToken, SimulatorFault.ErrCode(40164, "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist rid: 1"));

        for (var i = 0; i < 20; i++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Tokens.GetAsync(CancellationToken.None).AsTask());
        }

        Assert.Equal(1, _simulator.StableTokenCalls);

        // Once the cool-down has passed and WeChat is fixed, the next request fetches again.
        _simulator.SetPersistentFault(SimulatorEndpoint.StableToken, null);
        _time.Advance(TimeSpan.FromSeconds(3));
        await Tokens.GetAsync(CancellationToken.None);
        Assert.Equal(2, _simulator.StableTokenCalls);
    }

    [Fact]
    public void TheTokenNeverPrintsItsValue()
    {
        var token = new AccessToken("SECRET-TOKEN-VALUE", _time.GetUtcNow(), _time.GetUtcNow().AddHours(2));

        Assert.DoesNotContain("SECRET-TOKEN-VALUE", token.ToString(), StringComparison.Ordinal);
    }

    private async Task WaitUntilNoFetchIsRunningAsync()
    {
        // The background fetch runs on the thread pool over real loopback HTTP; give it real time to land.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Tokens.IsFetching)
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
