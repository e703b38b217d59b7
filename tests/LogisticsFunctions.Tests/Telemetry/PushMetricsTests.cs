using System.Diagnostics.Metrics;
using System.Net;
using LogisticsFunctions.Telemetry;
using LogisticsFunctions.Tests.Push;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace LogisticsFunctions.Tests.Telemetry;

/// <summary>
/// What the push receiver records, through the real registration and function against Azurite: each answer
/// is one <c>logistics.pushes</c> measurement with the outcome and reason it was decided by and the configured
/// mode, whatever the path (verified, queued, a redelivery, another event, forged, stale, storage down).
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class PushMetricsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestPushBuilder _weChat = new(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow);
    private PushTestApp _app = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _app = PushTestApp.Create(azurite.ConnectionString, new Dictionary<string, string?> { ["WeChat:PushMode"] = "compatible" });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_answer_is_counted_once_by_outcome_reason_and_mode()
    {
        using var pushes = new MetricCollector<long>(_app.Get<IMeterFactory>(), LogisticsMetrics.MeterName, "logistics.pushes");
        var update = new TestExpressPath();
        var forger = new TestPushBuilder("an-attackers-guess", TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow);
        var stale = new TestPushBuilder(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow.AddHours(-1));

        var statuses = new List<HttpStatusCode>();
        foreach (var push in new[]
        {
            _weChat.Get("echo-1234"),
            _weChat.Post(update, TestPushMode.Safe, TestPushFormat.Xml),
            _weChat.Post(update, TestPushMode.Compatible, TestPushFormat.Json),
            _weChat.Post(new TestExpressPath { Event = "subscribe_msg_popup_event" }, TestPushMode.Safe, TestPushFormat.Xml),
            forger.Post(update, TestPushMode.Safe, TestPushFormat.Xml),
            stale.Post(update, TestPushMode.Safe, TestPushFormat.Xml),
            _weChat.Post(update, TestPushMode.Safe, TestPushFormat.Xml).WithQuery("signature", null),
        })
        {
            statuses.Add((await _app.SendAsync(push)).StatusCode);
        }

        await azurite.RawQueue.DeleteAsync();
        statuses.Add((await _app.SendAsync(_weChat.Post(new TestExpressPath { Version = 3 }, TestPushMode.Safe, TestPushFormat.Xml))).StatusCode);

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden,
                HttpStatusCode.Unauthorized, HttpStatusCode.ServiceUnavailable],
            statuses);
        Assert.Equal(
            [
                "url_verified none compatible", "queued none compatible", "duplicate none compatible", "other_event none compatible",
                "refused signature_mismatch compatible", "refused timestamp compatible", "refused signature_missing compatible",
                "try_again storage compatible",
            ],
            pushes.GetMeasurementSnapshot().Select(measurement =>
            {
                Assert.Equal(1, measurement.Value);
                return $"{measurement.Tags["outcome"]} {measurement.Tags["reason"]} {measurement.Tags["mode"]}";
            }));
    }
}
