using System.Diagnostics.Metrics;
using System.Net;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChat.Telemetry;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Telemetry;

/// <summary>
/// Every request to stable_token counted once in <c>wechat.access_token.fetches</c> with why it was made and what
/// came back, and every refused token in <c>wechat.access_token.refusals</c>: the token provider through the real
/// HTTP stack against the simulator, on one fake clock, with the shipped defaults.
/// </summary>
public sealed class TokenFetchMetricsTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private WeChatSimulatorServer _simulator = null!;
    private WeChatTestServices _app = null!;
    private MetricCollector<long> _fetches = null!;
    private MetricCollector<long> _refusals = null!;

    private AccessTokenProvider Tokens => _app.Get<AccessTokenProvider>();

    public async Task InitializeAsync()
    {
        _simulator = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions { TimeProvider = _time });
        _app = WeChatTestServices.Create(_simulator, timeProvider: _time);
        var meters = _app.Get<IMeterFactory>();
        _fetches = new MetricCollector<long>(meters, WeChatMetrics.MeterName, "wechat.access_token.fetches");
        _refusals = new MetricCollector<long>(meters, WeChatMetrics.MeterName, "wechat.access_token.refusals");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    public void Dispose()
    {
        _fetches.Dispose();
        _refusals.Dispose();
    }

    [Fact]
    public async Task The_first_fetch_is_cold_and_the_one_before_expiry_refresh_ahead()
    {
        var first = await Tokens.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(7200 - 200));

        Assert.Same(first, await Tokens.GetAsync(CancellationToken.None));
        await WaitUntilAsync(() => !Tokens.IsFetching && _fetches.GetMeasurementSnapshot().Count == 2);

        Assert.Equal(["cold ok", "refresh_ahead ok"], Fetches());
        Assert.Empty(_refusals.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task A_refused_token_is_counted_and_fetched_again_for_the_refusal()
    {
        await Tokens.GetAsync(CancellationToken.None);
        _simulator.RevokeCurrentToken();

        Assert.Equal(HttpStatusCode.OK, (await _app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        Assert.Equal(["cold ok", "refusal ok"], Fetches());
        Assert.Equal(["40001"], Refusals());
    }

    [Fact]
    public async Task A_fetch_that_hands_back_the_refused_value_is_counted_handed_back()
    {
        await Tokens.GetAsync(CancellationToken.None);
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.ErrCode(42001, "access_token expired"));

        Assert.Equal(HttpStatusCode.BadGateway, (await _app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        Assert.Equal(["cold ok", "refusal handed_back"], Fetches());
        Assert.Equal(["42001"], Refusals());
    }

    [Fact]
    public async Task A_fetch_WeChat_refuses_is_counted_failed()
    {
        // Refused, not failed: a retried failure would wait on the fake clock for its back-off.
        _simulator.SetPersistentFault(SimulatorEndpoint.StableToken, SimulatorFault.ErrCode(40164, "invalid ip, not in whitelist"));

        Assert.Equal(HttpStatusCode.BadGateway, (await _app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        Assert.Equal(["cold failed"], Fetches());
    }

    private List<string> Fetches() =>
    [
        .. _fetches.GetMeasurementSnapshot().Select(measurement =>
        {
            Assert.Equal(1, measurement.Value);
            return $"{measurement.Tags["reason"]} {measurement.Tags["outcome"]}";
        }),
    ];

    private List<string> Refusals() => [.. _refusals.GetMeasurementSnapshot().Select(measurement => (string)measurement.Tags["errcode"]!)];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // The refresh runs on the thread pool over real loopback HTTP; give it real time to land.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
