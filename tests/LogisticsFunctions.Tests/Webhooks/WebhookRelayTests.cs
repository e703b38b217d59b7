using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using LogisticsFunctions.Push;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.WeChat.Push;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.Webhooks;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace LogisticsFunctions.Tests.Webhooks;

/// <summary>
/// The relay over the app's real services against Azurite and the simulator's backend on loopback, on a fake
/// clock: what the backend receives and verifies with the StandardWebhooks library, and where every delivery that
/// was not accepted goes (the retry queue with its exact delay, or the dead-letter queue with its last status).
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class WebhookRelayTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private WeChatSimulatorServer _backend = null!;

    public async Task InitializeAsync() => _backend = await WebhookQueuesOnAzurite.ClearAndStartBackendAsync(azurite);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task An_event_reaches_the_backend_signed_as_the_StandardWebhooks_library_accepts_and_nothing_is_queued()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);
        var update = Update(version: 3);

        await app.RelayEventAsync(Json(update));

        var receipt = Assert.Single(_backend.Webhooks.Receipts);
        Assert.True(receipt.Verified, receipt.Problem);
        Assert.Equal(WebhookPayload.IdFor(update), receipt.WebhookId);
        Assert.Equal(app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), receipt.Timestamp);
        Assert.Equal("application/json; charset=utf-8", receipt.ContentType);
        Assert.Equal(Encoding.UTF8.GetString(WebhookPayload.BodyFor(update)), receipt.Body);
        var body = JsonNode.Parse(receipt.Body)!;
        Assert.Equal(("logistics.path.updated", "2023-11-14T22:13:23Z", "SF1234567890123", 3), ((string?)body["type"], (string?)body["timestamp"], (string?)body["data"]!["WayBillId"], (int?)body["data"]!["Version"]));
        Assert.Empty(app.QueueWrites.Writes);
    }

    [Fact]
    public async Task During_a_change_of_secrets_both_sign_so_the_backend_accepts_before_and_after_it_switches()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl, new Dictionary<string, string?>
        {
            ["Webhook:Secret"] = TestWebhookSecrets.Current,
            ["Webhook:PreviousSecret"] = TestWebhookSecrets.Previous,
        });

        _backend.Webhooks.Secret = TestWebhookSecrets.Previous;
        await app.RelayEventAsync(Json(Update(version: 1)));
        _backend.Webhooks.Secret = TestWebhookSecrets.Current;
        await app.RelayEventAsync(Json(Update(version: 2)));

        Assert.All(_backend.Webhooks.Receipts, receipt => Assert.True(receipt.Verified, receipt.Problem));
        Assert.All(_backend.Webhooks.Receipts, receipt => Assert.Equal(2, receipt.Signature!.Split(' ').Length));
        Assert.Equal(2, _backend.Webhooks.Receipts.Count);
        Assert.Empty(app.QueueWrites.Writes);
    }

    [Fact]
    public async Task A_failing_backend_gets_every_attempt_of_the_schedule_with_growing_delays_then_the_dead_letter_queue_has_it_with_the_last_status()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);
        _backend.SetPersistentFault(SimulatorEndpoint.Webhook, SimulatorFault.HttpStatus(503));
        var update = Update(version: 7);
        var firstQueuedAt = app.Clock.GetUtcNow();

        await app.RelayEventAsync(Json(update));
        for (var due = 0; due < WebhookRetrySchedule.Delays.Count; due++)
        {
            await app.RelayDueRetryAsync(app.QueueWrites.To(WebhookQueues.RetryQueueName)[due]);
        }

        var retries = app.QueueWrites.To(WebhookQueues.RetryQueueName);
        Assert.Equal(WebhookRetrySchedule.Delays, retries.Select(write => write.VisibilityTimeout));
        Assert.All(retries, write => Assert.Equal(WebhookQueues.NeverExpires, write.TimeToLive));
        Assert.Equal(Enumerable.Range(1, 9), retries.Select(write => Envelope(write).Attempts));
        Assert.Equal(10, _backend.Calls(SimulatorEndpoint.Webhook));
        var deadLetter = Assert.Single(app.QueueWrites.To(WebhookQueues.PoisonQueueName));
        var envelope = Envelope(deadLetter);
        Assert.Equal((10, "HTTP 503", "attempts exhausted", WebhookPayload.IdFor(update)), (envelope.Attempts, envelope.LastStatus, envelope.DeadLetterReason, envelope.WebhookId));
        Assert.Equal(firstQueuedAt, envelope.FirstQueuedAt);
        Assert.Equal(Json(update), Encoding.UTF8.GetString(ExpressPathEventJson.ToUtf8(envelope.Event)));
        Assert.Equal((TimeSpan.Zero, WebhookQueues.NeverExpires), (deadLetter.VisibilityTimeout, deadLetter.TimeToLive));
        Assert.Equal((9, 1), (await CountAsync(WebhookQueues.RetryQueueName), await CountAsync(WebhookQueues.PoisonQueueName)));
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains($"Webhook {WebhookPayload.IdFor(update)} dead-lettered to express-path-events-poison after 10 attempts: attempts exhausted (HTTP 503)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jitter_moves_each_delay_by_up_to_a_tenth()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl, jitterDraw: 0.0);
        _backend.SetPersistentFault(SimulatorEndpoint.Webhook, SimulatorFault.HttpStatus(500));

        await app.RelayEventAsync(Json(Update(version: 1)));
        await app.RelayDueRetryAsync(Assert.Single(app.QueueWrites.To(WebhookQueues.RetryQueueName)));

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(270)], app.QueueWrites.To(WebhookQueues.RetryQueueName).Select(write => write.VisibilityTimeout));
    }

    [Fact]
    public async Task Gone_dead_letters_at_once_after_one_attempt()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);
        _backend.SetPersistentFault(SimulatorEndpoint.Webhook, SimulatorFault.HttpStatus(410));

        await app.RelayEventAsync(Json(Update(version: 1)));

        Assert.Equal(1, _backend.Calls(SimulatorEndpoint.Webhook));
        Assert.Empty(app.QueueWrites.To(WebhookQueues.RetryQueueName));
        var envelope = Envelope(Assert.Single(app.QueueWrites.To(WebhookQueues.PoisonQueueName)));
        Assert.Equal((1, "HTTP 410", "gone"), (envelope.Attempts, envelope.LastStatus, envelope.DeadLetterReason));
    }

    [Fact]
    public async Task Retry_After_from_a_throttling_backend_sets_the_next_attempt()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);
        // Three minutes: longer than the 5 s step, and inside the 5 minutes the backend's library lets webhook-timestamp
        // stray from its own (real) clock, which the fake clock passes when the due retry is played.
        _backend.EnqueueFault(SimulatorEndpoint.Webhook, SimulatorFault.TooManyRequests(TimeSpan.FromMinutes(3)));

        await app.RelayEventAsync(Json(Update(version: 1)));
        await app.RelayDueRetryAsync(Assert.Single(app.QueueWrites.To(WebhookQueues.RetryQueueName)));

        Assert.Equal(TimeSpan.FromMinutes(3), Assert.Single(app.QueueWrites.To(WebhookQueues.RetryQueueName)).VisibilityTimeout);
        Assert.Equal("HTTP 429", Envelope(app.QueueWrites.To(WebhookQueues.RetryQueueName)[0]).LastStatus);
        Assert.Equal(2, _backend.Calls(SimulatorEndpoint.Webhook));
        Assert.True(Assert.Single(_backend.Webhooks.Receipts).Verified);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_a_failed_attempt()
    {
        await using var elsewhere = await WeChatSimulatorServer.StartAsync();
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);
        _backend.EnqueueFault(SimulatorEndpoint.Webhook, SimulatorFault.Redirect(elsewhere.BaseAddress));

        await app.RelayEventAsync(Json(Update(version: 1)));

        Assert.Equal(0, elsewhere.Calls(SimulatorEndpoint.Webhook));
        Assert.Equal("HTTP 307", Envelope(Assert.Single(app.QueueWrites.To(WebhookQueues.RetryQueueName))).LastStatus);
    }

    [Fact]
    public async Task A_backend_that_does_not_answer_within_the_timeout_is_tried_again()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);
        _backend.EnqueueFault(SimulatorEndpoint.Webhook, SimulatorFault.Delay(TimeSpan.FromMinutes(10)));

        var relaying = app.RelayEventAsync(Json(Update(version: 1)));
        await WaitUntilAsync(() => _backend.Calls(SimulatorEndpoint.Webhook) == 1);
        app.Clock.Advance(TimeSpan.FromSeconds(14));
        Assert.False(relaying.IsCompleted);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await relaying;

        Assert.Equal("timeout after 15 s", Envelope(Assert.Single(app.QueueWrites.To(WebhookQueues.RetryQueueName))).LastStatus);
    }

    [Fact]
    public async Task An_unreachable_backend_is_a_network_error_and_tried_again()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, new Uri("http://127.0.0.1:9/backend/webhook"));

        await app.RelayEventAsync(Json(Update(version: 1)));

        Assert.Equal("network error: ConnectionError", Envelope(Assert.Single(app.QueueWrites.To(WebhookQueues.RetryQueueName))).LastStatus);
    }

    [Fact]
    public async Task A_failing_event_does_not_hold_up_the_events_after_it()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);
        _backend.EnqueueFault(SimulatorEndpoint.Webhook, SimulatorFault.HttpStatus(500));

        await app.RelayEventAsync(Json(Update(version: 1)));
        await app.RelayEventAsync(Json(Update(version: 2)));
        await app.RelayEventAsync(Json(Update(version: 3)));

        Assert.Equal([2, 3], _backend.Webhooks.Receipts.Select(receipt => (int)JsonNode.Parse(receipt.Body)!["data"]!["Version"]!));
        Assert.Equal(1, Envelope(Assert.Single(app.QueueWrites.To(WebhookQueues.RetryQueueName))).Event.Version);
        Assert.Equal(TimeSpan.FromSeconds(5), app.QueueWrites.To(WebhookQueues.RetryQueueName)[0].VisibilityTimeout);
    }

    [Fact]
    public async Task A_backend_that_refuses_the_signature_is_tried_again_not_dead_lettered()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);
        _backend.Webhooks.Secret = TestWebhookSecrets.Previous;

        await app.RelayEventAsync(Json(Update(version: 1)));

        Assert.False(Assert.Single(_backend.Webhooks.Receipts).Verified);
        Assert.Equal("HTTP 401", Envelope(Assert.Single(app.QueueWrites.To(WebhookQueues.RetryQueueName))).LastStatus);
    }

    [Fact]
    public async Task Without_a_URL_an_invoked_relay_puts_the_message_back_unchanged_and_consumes_nothing()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, webhookUrl: null);
        var message = Json(Update(version: 1));

        await app.RelayEventAsync(message);

        var putBack = Assert.Single(app.QueueWrites.Writes);
        Assert.Equal((PushStorageOptions.QueueName, WebhookRelay.DeferDelay, message), (putBack.Queue, putBack.VisibilityTimeout, putBack.Text));
        Assert.Equal(TimeSpan.FromDays(7), putBack.TimeToLive);
        Assert.Equal(0, _backend.Calls(SimulatorEndpoint.Webhook));
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("ExpressPathRelay ran without Webhook__Url", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_that_is_not_an_event_is_dead_lettered_as_it_came()
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);

        await app.RelayEventAsync("""{"not":"an event"}""");

        var deadLetter = Assert.Single(app.QueueWrites.Writes);
        Assert.Equal((WebhookQueues.PoisonQueueName, """{"not":"an event"}"""), (deadLetter.Queue, deadLetter.Text));
        Assert.Equal(0, _backend.Calls(SimulatorEndpoint.Webhook));
    }

    internal static ExpressPathEvent Update(int version) => new()
    {
        ToUserName = "gh_0123456789ab",
        FromUserName = "oOPENID0123456789",
        CreateTime = 1_700_000_003,
        MsgType = "event",
        Event = "add_express_path",
        DeliveryId = "SF",
        WayBillId = "SF1234567890123",
        OrderId = "01234567890123456789",
        Version = version,
        Count = 1,
        Actions = [new ExpressPathAction { ActionTime = 1_700_000_000, ActionType = 100001, ActionMsg = "揽件成功" }],
    };

    internal static string Json(ExpressPathEvent update) => Encoding.UTF8.GetString(ExpressPathEventJson.ToUtf8(update));

    private static WebhookEnvelope Envelope(QueueWrite write) =>
        WebhookEnvelopeJson.TryRead(Encoding.UTF8.GetBytes(write.Text)) ?? throw new Xunit.Sdk.XunitException($"not an envelope: {write.Text}");

    private async Task<int> CountAsync(string queue) =>
        (await new QueueClient(azurite.ConnectionString, queue).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Waits for the loopback request to arrive; the fake clock, not this loop, decides the timeout.
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition());
    }
}
