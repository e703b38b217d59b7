using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Webhooks;

/// <summary>
/// The operator's view of dead letters (tools/WebhookDeadLetters): lists what lies on
/// <c>express-path-events-poison</c> and <c>express-path-events-retry-poison</c>, and replays a dead letter into
/// delivery by putting it on the retry queue, visible at once, with a fresh schedule (its attempts set back to 0,
/// its first-queued time and last status kept), then removing it from the dead-letter queue. A bare event (the
/// host's own poison copy) is replayed the same way. A message that is neither is listed and never replayed.
/// </summary>
public sealed class WebhookDeadLetters(QueueServiceClient service, TimeProvider timeProvider)
{
    /// <summary>How long a received dead letter stays hidden while it is being replayed.</summary>
    public static readonly TimeSpan ReplayLease = TimeSpan.FromSeconds(30);

    /// <summary>The most a peek shows per queue (the queue service's own limit).</summary>
    public const int PeekLimit = 32;

    private readonly QueueClient _retries = service.GetQueueClient(WebhookQueues.RetryQueueName);

    public static IReadOnlyList<string> QueueNames { get; } = [WebhookQueues.PoisonQueueName, WebhookQueues.RetryPoisonQueueName];

    /// <summary>Up to <see cref="PeekLimit"/> dead letters per queue, left in place, and how many each queue holds.</summary>
    public async Task<(IReadOnlyList<DeadLetter> Letters, IReadOnlyDictionary<string, int> Counts)> ListAsync(CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetter>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in QueueNames)
        {
            var queue = service.GetQueueClient(name);
            if (!await queue.ExistsAsync(cancellationToken))
            {
                counts[name] = 0;
                continue;
            }

            counts[name] = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            foreach (var message in (await queue.PeekMessagesAsync(PeekLimit, cancellationToken)).Value)
            {
                letters.Add(DeadLetter.Read(name, message.MessageId, message.InsertedOn, message.Body, timeProvider.GetUtcNow()));
            }
        }

        return (letters, counts);
    }

    /// <summary>Replays the dead letter with <paramref name="messageId"/>, or every one when it is null; returns those replayed.</summary>
    public async Task<IReadOnlyList<DeadLetter>> ReplayAsync(string? messageId, CancellationToken cancellationToken)
    {
        await _retries.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var replayed = new List<DeadLetter>();
        foreach (var name in QueueNames)
        {
            var queue = service.GetQueueClient(name);
            if (!await queue.ExistsAsync(cancellationToken))
            {
                continue;
            }

            // Received messages stay hidden for the lease, so each is met once and the loop ends when none is left.
            QueueMessage[] batch;
            while ((batch = (await queue.ReceiveMessagesAsync(PeekLimit, ReplayLease, cancellationToken)).Value).Length > 0)
            {
                foreach (var message in batch)
                {
                    var letter = DeadLetter.Read(name, message.MessageId, message.InsertedOn, message.Body, timeProvider.GetUtcNow());
                    if ((messageId is null || message.MessageId == messageId) && letter.Replayable is { } envelope)
                    {
                        // Sent before the delete: a failure in between leaves a duplicate (same webhook-id), never a loss.
                        await _retries.SendMessageAsync(WebhookEnvelopeJson.ToBinary(envelope), TimeSpan.Zero, WebhookQueues.NeverExpires, cancellationToken);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                        replayed.Add(letter);
                    }
                }

                if (messageId is not null && replayed.Count > 0)
                {
                    return replayed;
                }
            }
        }

        return replayed;
    }
}

/// <summary>One dead letter as the operator sees it; <see cref="Replayable"/> is what a replay puts on the retry queue.</summary>
public sealed record DeadLetter(
    string Queue,
    string MessageId,
    DateTimeOffset? DeadLetteredAt,
    string? WebhookId,
    string? DeliveryId,
    string? WayBillId,
    long? Version,
    int? Attempts,
    string? LastStatus,
    string Reason,
    WebhookEnvelope? Replayable)
{
    /// <summary>A bare event without its insertion time (the queue service always sends one) starts its schedule at <paramref name="now"/>.</summary>
    internal static DeadLetter Read(string queue, string messageId, DateTimeOffset? insertedOn, BinaryData body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(body);
        var bytes = body.ToArray();
        if (WebhookEnvelopeJson.TryRead(bytes) is { } envelope)
        {
            return new DeadLetter(queue, messageId, envelope.DeadLetteredAt ?? insertedOn, envelope.WebhookId, envelope.Event.DeliveryId,
                envelope.Event.WayBillId, envelope.Event.Version, envelope.Attempts, envelope.LastStatus,
                envelope.DeadLetterReason ?? "the host gave up after repeated failed invocations",
                envelope with { Attempts = 0, DeadLetterReason = null, DeadLetteredAt = null });
        }

        if (ExpressPathEventJson.TryRead(bytes) is { } update)
        {
            var replay = new WebhookEnvelope { WebhookId = WebhookPayload.IdFor(update), Attempts = 0, FirstQueuedAt = insertedOn ?? now, Event = update };
            return new DeadLetter(queue, messageId, insertedOn, replay.WebhookId, update.DeliveryId, update.WayBillId, update.Version, null, null,
                "the host gave up after repeated failed invocations", replay);
        }

        return new DeadLetter(queue, messageId, insertedOn, null, null, null, null, null, null,
            $"not a parcel event ({Encoding.UTF8.GetString(bytes).Length} characters); not replayable", null);
    }
}
