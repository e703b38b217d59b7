using System.Text;
using Azure.Storage.Queues;
using LogisticsFunctions.Push;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.WebhookDeadLetters;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.Webhooks;

namespace LogisticsFunctions.Tests.Webhooks;

/// <summary>
/// The operator's dead-letter command against Azurite: list what the relay and the host dead-lettered, replay one
/// or all onto the retry queue, and see the relay deliver a replayed one.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class DeadLetterCommandTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private WeChatSimulatorServer _backend = null!;

    public async Task InitializeAsync() => _backend = await WebhookQueuesOnAzurite.ClearAndStartBackendAsync(azurite);

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task List_shows_each_dead_letter_with_its_status_attempts_id_and_waybill_and_leaves_them_in_place()
    {
        var deadLettered = await DeadLetterOneAsync(version: 1);
        await Queue(WebhookQueues.PoisonQueueName).SendMessageAsync(WebhookRelayTests.Json(WebhookRelayTests.Update(2)));
        await Queue(WebhookQueues.PoisonQueueName).SendMessageAsync("not json");

        var (exitCode, output, _) = await RunAsync("list");

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("express-path-events-poison: 3 dead letter(s)", lines[0]);
        Assert.Contains(lines, line => line.Contains($"{deadLettered}  SF SF1234567890123 v1  attempts 1  HTTP 410  gone", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains($"{WebhookPayload.IdFor(WebhookRelayTests.Update(2))}  SF SF1234567890123 v2  attempts -  -  the host gave up", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.EndsWith("not a parcel event (8 characters); not replayable", StringComparison.Ordinal));
        Assert.Equal("express-path-events-retry-poison: 0 dead letter(s)", lines[^1]);
        Assert.Equal(3, await CountAsync(WebhookQueues.PoisonQueueName));
    }

    [Fact]
    public async Task Replay_puts_one_dead_letter_back_on_the_retry_queue_with_a_fresh_schedule_and_the_relay_delivers_it()
    {
        await DeadLetterOneAsync(version: 1);
        await DeadLetterOneAsync(version: 2);
        var peeked = (await Queue(WebhookQueues.PoisonQueueName).PeekMessagesAsync(32)).Value;

        var (exitCode, output, _) = await RunAsync("replay", peeked[0].MessageId);

        Assert.Equal(0, exitCode);
        Assert.EndsWith("1 dead letter(s) put back on express-path-events-retry.", output.Trim(), StringComparison.Ordinal);
        Assert.Equal((1, 1), (await CountAsync(WebhookQueues.PoisonQueueName), await CountAsync(WebhookQueues.RetryQueueName)));
        var replay = Assert.Single((await Queue(WebhookQueues.RetryQueueName).ReceiveMessagesAsync(32)).Value);
        var envelope = WebhookEnvelopeJson.TryRead(replay.Body.ToArray())!;
        Assert.Equal((0, "HTTP 410", null, 1), (envelope.Attempts, envelope.LastStatus, envelope.DeadLetterReason, (int)envelope.Event.Version));

        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);
        await app.Relay.RelayRetryAsync(replay.Body.ToString(), new QueueMessageInfo(replay.MessageId, 1, replay.InsertedOn, null), CancellationToken.None);

        Assert.True(Assert.Single(_backend.Webhooks.Receipts).Verified);
        Assert.Equal(envelope.WebhookId, _backend.Webhooks.Receipts[0].WebhookId);
    }

    [Fact]
    public async Task Replay_all_takes_every_replayable_dead_letter_from_both_queues_and_leaves_the_rest()
    {
        await DeadLetterOneAsync(version: 1);
        await Queue(WebhookQueues.RetryPoisonQueueName).SendMessageAsync(WebhookEnvelopeJson.ToBinary(new WebhookEnvelope
        {
            WebhookId = WebhookPayload.IdFor(WebhookRelayTests.Update(3)),
            Attempts = 4,
            FirstQueuedAt = DateTimeOffset.UtcNow,
            LastStatus = "HTTP 500",
            Event = WebhookRelayTests.Update(3),
        }));
        await Queue(WebhookQueues.PoisonQueueName).SendMessageAsync("not json");

        var (exitCode, output, _) = await RunAsync("replay", "--all");

        Assert.Equal(0, exitCode);
        Assert.EndsWith("2 dead letter(s) put back on express-path-events-retry.", output.Trim(), StringComparison.Ordinal);
        Assert.Equal((2, 0), (await CountAsync(WebhookQueues.RetryQueueName), await CountAsync(WebhookQueues.RetryPoisonQueueName)));
        Assert.Equal(1, await CountAsync(WebhookQueues.PoisonQueueName));
    }

    [Theory]
    [InlineData(new[] { "list" }, "Give exactly one of --queue-service-uri and --connection-string.")]
    [InlineData(new[] { "replay", "--connection-string", "UseDevelopmentStorage=true" }, "Say list, replay <message-id> or replay --all.")]
    [InlineData(new[] { "purge", "--connection-string", "UseDevelopmentStorage=true" }, "Say list, replay <message-id> or replay --all.")]
    [InlineData(new[] { "list", "--queue-service-uri", "http://account.queue.core.windows.net/" }, "--queue-service-uri must be the account's https queue endpoint.")]
    [InlineData(new[] { "list", "--connection-string", "AccountKey=KEY-MARKER;nonsense" }, "--connection-string is not a valid storage connection string.")]
    public async Task Wrong_arguments_say_what_is_wrong_and_change_nothing(string[] args, string problem)
    {
        var errors = new StringWriter();

        var exitCode = await DeadLetterCommand.RunAsync(args, new StringWriter(), errors, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.StartsWith(problem, errors.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("KEY-MARKER", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replaying_an_unknown_message_id_says_so()
    {
        var (exitCode, _, errors) = await RunAsync("replay", "no-such-message");

        Assert.Equal(1, exitCode);
        Assert.Equal("No replayable dead letter with message id no-such-message.", errors.Trim());
    }

    // The relay itself dead-letters one update: the backend answers 410 Gone.
    private async Task<string> DeadLetterOneAsync(int version)
    {
        await using var app = WebhookTestApp.Create(azurite.ConnectionString, _backend.WebhookUrl);
        _backend.EnqueueFault(SimulatorEndpoint.Webhook, SimulatorFault.HttpStatus(410));
        await app.RelayEventAsync(WebhookRelayTests.Json(WebhookRelayTests.Update(version)));
        return WebhookPayload.IdFor(WebhookRelayTests.Update(version));
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exitCode = await DeadLetterCommand.RunAsync([.. args, "--connection-string", azurite.ConnectionString], output, errors, CancellationToken.None);
        return (exitCode, output.ToString(), errors.ToString());
    }

    private QueueClient Queue(string name) =>
        new(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    private async Task<int> CountAsync(string name) => (await Queue(name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
}
