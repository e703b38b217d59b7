using System.Diagnostics.Metrics;
using LogisticsFunctions.Telemetry;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.Tests.Webhooks;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.Webhooks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace LogisticsFunctions.Tests.Telemetry;

/// <summary>
/// What the webhook relay records, over the app's real services against Azurite and the simulator's backend on a
/// fake clock: each attempt once its hand-on is written (delivered, retried, dead-lettered, with the class of the
/// backend's answer), and each event's end with the attempts it took and, when delivered, its age.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class RelayMetricsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private WeChatSimulatorServer _backend = null!;

    public async Task InitializeAsync() => _backend = await WebhookQueuesOnAzurite.ClearAndStartBackendAsync(azurite);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task A_throttled_attempt_is_retried_and_the_next_delivers_an_event_three_minutes_old_after_two_attempts()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);
        using var metrics = new Collected(app.Get<IMeterFactory>());
        _backend.EnqueueFault(SimulatorEndpoint.Webhook, SimulatorFault.TooManyRequests(TimeSpan.FromMinutes(3)));

        await app.RelayEventAsync(WebhookRelayTests.Json(WebhookRelayTests.Update(version: 1)));
        await app.RelayDueRetryAsync(Assert.Single(app.QueueWrites.To(WebhookQueues.RetryQueueName)));

        Assert.Equal(["retried 429", "delivered 2xx"], metrics.Deliveries());
        Assert.Equal(["delivered 2"], metrics.Attempts());
        Assert.Equal([180.0], metrics.Ages());
    }

    [Fact]
    public async Task Gone_is_dead_lettered_after_one_attempt_with_no_age()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);
        using var metrics = new Collected(app.Get<IMeterFactory>());
        _backend.SetPersistentFault(SimulatorEndpoint.Webhook, SimulatorFault.HttpStatus(410));

        await app.RelayEventAsync(WebhookRelayTests.Json(WebhookRelayTests.Update(version: 1)));

        Assert.Equal(["dead_lettered 410"], metrics.Deliveries());
        Assert.Equal(["dead_lettered 1"], metrics.Attempts());
        Assert.Empty(metrics.Ages());
    }

    [Fact]
    public async Task A_backend_nobody_answers_at_is_a_network_failure_and_a_message_that_is_no_event_is_unreadable()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, new Uri("http://127.0.0.1:9/webhooks"));
        using var metrics = new Collected(app.Get<IMeterFactory>());

        await app.RelayEventAsync(WebhookRelayTests.Json(WebhookRelayTests.Update(version: 1)));
        await app.RelayEventAsync("not an event");

        Assert.Equal(["retried network", "dead_lettered unreadable"], metrics.Deliveries());
        Assert.Empty(metrics.Attempts());
    }

    private sealed class Collected(IMeterFactory meters) : IDisposable
    {
        private readonly MetricCollector<long> _deliveries = new(meters, LogisticsMetrics.MeterName, "logistics.relay.deliveries");
        private readonly MetricCollector<int> _attempts = new(meters, LogisticsMetrics.MeterName, "logistics.relay.attempts");
        private readonly MetricCollector<double> _ages = new(meters, LogisticsMetrics.MeterName, "logistics.relay.event_age");

        public List<string> Deliveries() =>
            [.. _deliveries.GetMeasurementSnapshot().Select(measurement => $"{measurement.Tags["outcome"]} {measurement.Tags["status"]}")];

        public List<string> Attempts() =>
            [.. _attempts.GetMeasurementSnapshot().Select(measurement => $"{measurement.Tags["outcome"]} {measurement.Value}")];

        public List<double> Ages() => [.. _ages.GetMeasurementSnapshot().Select(measurement => measurement.Value)];

        public void Dispose()
        {
            _deliveries.Dispose();
            _attempts.Dispose();
            _ages.Dispose();
        }
    }
}
