using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.Webhooks;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.Extensions.DependencyInjection;

namespace LogisticsFunctions.Tests.Webhooks;

/// <summary>
/// Every path of the relay (delivered, refused signature, 503 with a retry, a timeout, a network error, 410 and a
/// dead letter) with every log category at Trace and Application Insights on as on Azure, its real pipeline ending
/// in a capturing channel: no log line and no telemetry item holds a signing secret, a signature, the body (the
/// waybill in it), or the query of the webhook URL, which may carry the backend's own key.
/// </summary>
[Collection(ApplicationInsightsCollectionDefinition.Name)]
public sealed class WebhookNoLeakTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    private const string UrlSecret = "URL-KEY-MARKER-5d1c";
    private const string WaybillMarker = "WAYBILL-MARKER-8c2e";
    private readonly CapturingTelemetryChannel _telemetry = new();
    private WeChatSimulatorServer _backend = null!;

    public async Task InitializeAsync() => _backend = await WebhookQueuesOnAzurite.ClearAndStartBackendAsync(azurite);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    public void Dispose() => _telemetry.Dispose();

    [Fact]
    public async Task No_secret_signature_body_or_URL_query_reaches_a_log_or_a_telemetry_item()
    {
        await using var app = CreateApp(new Uri(_backend.WebhookUrl, $"?key={UrlSecret}"));
        await using var unreachable = CreateApp(new Uri($"http://127.0.0.1:9/backend/webhook?key={UrlSecret}"));
        var update = WebhookRelayTests.Update(1) with { WayBillId = WaybillMarker };

        await app.RelayEventAsync(WebhookRelayTests.Json(update));
        _backend.Webhooks.Secret = TestWebhookSecrets.Previous;
        await app.RelayEventAsync(WebhookRelayTests.Json(update with { Version = 2 }));
        _backend.EnqueueFault(SimulatorEndpoint.Webhook, SimulatorFault.HttpStatus(503));
        await app.RelayEventAsync(WebhookRelayTests.Json(update with { Version = 3 }));
        _backend.EnqueueFault(SimulatorEndpoint.Webhook, SimulatorFault.Delay(TimeSpan.FromMinutes(5)));
        var slow = app.RelayEventAsync(WebhookRelayTests.Json(update with { Version = 4 }));
        while (_backend.Calls(SimulatorEndpoint.Webhook) < 4)
        {
            await Task.Delay(20);
        }

        app.Clock.Advance(TimeSpan.FromSeconds(15));
        await slow;
        _backend.EnqueueFault(SimulatorEndpoint.Webhook, SimulatorFault.HttpStatus(410));
        await app.RelayEventAsync(WebhookRelayTests.Json(update with { Version = 5 }));
        await unreachable.RelayEventAsync(WebhookRelayTests.Json(update with { Version = 6 }));
        var logs = app.Logs.Lines.Concat(unreachable.Logs.Lines).ToList();
        var telemetry = _telemetry.WireText;

        // The run went through every sink, so the checks below had something to find.
        Assert.Equal(5, _backend.Calls(SimulatorEndpoint.Webhook));
        Assert.Contains(logs, line => line.Contains("System.Net.Http.HttpClient.Webhook", StringComparison.Ordinal) && line.Contains("/backend/webhook", StringComparison.Ordinal));
        Assert.Contains(logs, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("timeout after 15 s", StringComparison.Ordinal));
        Assert.Contains(logs, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("dead-lettered", StringComparison.Ordinal));
        Assert.Contains(_telemetry.Items.OfType<DependencyTelemetry>(), item => item.Data?.EndsWith("/backend/webhook", StringComparison.Ordinal) == true);
        Assert.Contains(_telemetry.Items, item => item is TraceTelemetry);
        Assert.Equal(5, app.QueueWrites.Writes.Count + unreachable.QueueWrites.Writes.Count);

        var signatures = _backend.Webhooks.Receipts.SelectMany(receipt => receipt.Signature!.Split(' ')).Select(entry => entry[3..]).ToList();
        Assert.NotEmpty(signatures);
        foreach (var secret in new[] { TestWebhookSecrets.Current, TestWebhookSecrets.Current["whsec_".Length..], UrlSecret, WaybillMarker }.Concat(signatures))
        {
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, telemetry, StringComparison.Ordinal);
        }
    }

    private WebhookTestApp CreateApp(Uri webhookUrl)
    {
        var app = WebhookTestApp.Create(
            azurite.ConnectionString,
            webhookUrl,
            new Dictionary<string, string?>
            {
                // As on Azure; the channel below keeps what would be sent, so nothing leaves the machine.
                ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/",
            },
            configureServices: services =>
            {
                services.AddSingleton<ITelemetryChannel>(_telemetry);
                // Loopback only: no instance metadata (169.254.169.254), no live metrics service.
                services.PostConfigure<ApplicationInsightsServiceOptions>(options =>
                {
                    options.EnableHeartbeat = false;
                    options.EnableAzureInstanceMetadataTelemetryModule = false;
                    options.EnableQuickPulseMetricStream = false;
                    options.EnableAppServicesHeartbeatTelemetryModule = false;
                });
            });

        // Building the configuration initializes the dependency collector, as the worker does at start.
        _ = app.Get<TelemetryConfiguration>();
        return app;
    }
}
