using System.Diagnostics.Metrics;
using System.Net;
using LogisticsFunctions.CloudCall.Methods;
using LogisticsFunctions.Telemetry;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.Telemetry;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace LogisticsFunctions.Tests.Telemetry;

/// <summary>
/// What a cloud call records, through the real registration, HTTP client and resilience pipeline against the
/// simulator, with the shipped retries: one <c>logistics.cloud_calls</c> measurement per answer, with the
/// outcome and errcode the answer was decided by, and one <c>wechat.api.duration</c> per attempt at WeChat.
/// Collected from the app's own <see cref="IMeterFactory"/>, so nothing another test records is seen.
/// </summary>
public sealed class CloudCallMetricsTests : IAsyncLifetime, IDisposable
{
    private WeChatSimulatorServer _simulator = null!;
    private WeChatTestServices _app = null!;
    private MetricCollector<long> _calls = null!;
    private MetricCollector<double> _attempts = null!;
    private MetricCollector<long> _refusals = null!;

    public async Task InitializeAsync()
    {
        _simulator = await WeChatSimulatorServer.StartAsync();
        _app = WeChatTestServices.Create(_simulator);
        var meters = _app.Get<IMeterFactory>();
        _calls = new MetricCollector<long>(meters, LogisticsMetrics.MeterName, "logistics.cloud_calls");
        _attempts = new MetricCollector<double>(meters, WeChatMetrics.MeterName, "wechat.api.duration");
        _refusals = new MetricCollector<long>(meters, WeChatMetrics.MeterName, "wechat.access_token.refusals");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    public void Dispose()
    {
        _calls.Dispose();
        _attempts.Dispose();
        _refusals.Dispose();
    }

    [Fact]
    public async Task A_success_is_one_ok_call_and_one_ok_attempt_at_each_API()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        Assert.Equal(["getPath ok none"], Calls());
        Assert.Equal(["express/business/path/get ok", "stable_token ok"], Attempts().Order(StringComparer.Ordinal));
        Assert.Empty(_refusals.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task A_request_refused_before_WeChat_is_refused_input_and_no_attempt()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _app.InvokeGetPathAsync("""{"marker":1}""")).StatusCode);

        Assert.Equal(["getPath refused_input none"], Calls());
        Assert.DoesNotContain(Attempts(), attempt => attempt.StartsWith("express/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(40199, "40199")]
    [InlineData(9300501, "9300501")]
    [InlineData(12345, "other")]
    public async Task A_WeChat_errcode_is_counted_under_its_code_or_other(int errCode, string dimension)
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.ErrCode(errCode, "refused"));

        var response = await _app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(errCode, (int?)response.Json["errCode"]);
        Assert.Equal([$"getPath wechat_errcode {dimension}"], Calls());
        Assert.Contains("express/business/path/get errcode", Attempts());
    }

    [Fact]
    public async Task A_refused_token_is_counted_and_the_retried_call_is_ok()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);
        _simulator.RevokeCurrentToken();

        Assert.Equal(HttpStatusCode.OK, (await _app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        var refusal = Assert.Single(_refusals.GetMeasurementSnapshot());
        Assert.Equal((1L, "40001"), (refusal.Value, (string?)refusal.Tags["errcode"]));
        Assert.Equal(["getPath ok none", "getPath ok none"], Calls());
        Assert.Equal(1, Attempts().Count(attempt => attempt == "express/business/path/get errcode"));
    }

    [Fact]
    public async Task WeChat_failing_on_every_attempt_is_one_upstream_failure_and_three_failed_attempts()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.HttpStatus(502));

        Assert.Equal(HttpStatusCode.BadGateway, (await _app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        Assert.Equal(["getPath ok none", "getPath upstream_failure none"], Calls());
        Assert.Equal(3, Attempts().Count(attempt => attempt == "express/business/path/get failure"));
    }

    [Fact]
    public async Task WeChat_answering_429_is_throttled()
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.TooManyRequests(TimeSpan.FromSeconds(30)));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await _app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        Assert.Equal(["getPath throttled none"], Calls());
    }

    [Fact]
    public async Task A_write_whose_answer_is_lost_is_an_unknown_outcome()
    {
        _simulator.SetPersistentFault(SimulatorEndpoint.OrderCancel, SimulatorFault.ResetConnection());

        var response = await _app.InvokeAsync(LogisticsMethods.CancelOrder, LogisticsMethods.CancelOrder.ExampleRequest);

        Assert.Equal(HttpStatusCode.FailedDependency, response.StatusCode);
        Assert.Equal(["cancelOrder unknown_outcome none"], Calls());
        Assert.Equal(1, Attempts().Count(attempt => attempt == "express/business/order/cancel failure"));
    }

    [Fact]
    public async Task An_AppSecret_WeChat_refuses_is_misconfigured_with_its_errcode()
    {
        _simulator.SetAppSecret("another-secret-0123456789abcdef01");

        Assert.Equal(HttpStatusCode.BadGateway, (await _app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        Assert.Equal(["getPath misconfigured 40125"], Calls());
        Assert.Contains("stable_token errcode", Attempts());
    }

    private List<string> Calls() =>
    [
        .. _calls.GetMeasurementSnapshot().Select(measurement =>
        {
            Assert.Equal(1, measurement.Value);
            return $"{measurement.Tags["method"]} {measurement.Tags["outcome"]} {measurement.Tags["errcode"]}";
        }),
    ];

    private List<string> Attempts() =>
        [.. _attempts.GetMeasurementSnapshot().Select(measurement => $"{measurement.Tags["api"]} {measurement.Tags["outcome"]}")];
}
