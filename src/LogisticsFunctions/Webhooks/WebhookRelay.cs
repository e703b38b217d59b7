using System.Text;
using Azure.Storage.Queues;
using LogisticsFunctions.Telemetry;
using LogisticsFunctions.WeChat.Push;
using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Webhooks;

/// <summary>
/// Carries one queued event to the backend: signs it, POSTs it once, and then either lets the host delete the
/// message (delivered), or hands the delivery on before returning — to the retry queue, hidden until its next
/// attempt is due (failed), or to the dead-letter queue with its last status (410 Gone, attempts exhausted,
/// not an event at all). The invocation itself succeeds in every one of these cases, so a failing event never
/// occupies the host's retries and never holds up the events behind it. It fails (and the host delivers the
/// message again) only when that hand-on cannot be written: then nothing is lost, and the backend may see the
/// attempt again under the same <c>webhook-id</c>. Each attempt is counted in <c>logistics.relay.deliveries</c> once its
/// hand-on is written, and each event's end (delivered, dead-lettered) in the attempts and age histograms.
/// </summary>
public sealed class WebhookRelay(
    IOptions<WebhookOptions> options,
    IWebhookSecrets secrets,
    WebhookSender sender,
    WebhookQueues queues,
    WebhookRetrySchedule schedule,
    TimeProvider timeProvider,
    LogisticsMetrics metrics,
    ILogger<WebhookRelay> logger)
{
    /// <summary>How long a message waits when the relay cannot attempt it at all (no URL, no secret): it is put back, not consumed.</summary>
    public static readonly TimeSpan DeferDelay = TimeSpan.FromMinutes(5);

    /// <summary>The hand-on to storage after an attempt, whatever became of the invocation's cancellation.</summary>
    public static readonly TimeSpan StorageDeadline = WebhookOptionsValidator.StorageAllowance;

    /// <summary>A message from <c>express-path-events</c>: the event's JSON as the push receiver queued it.</summary>
    public async Task RelayEventAsync(string message, QueueMessageInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(info);
        var update = ExpressPathEventJson.TryRead(Encoding.UTF8.GetBytes(message));
        if (update is null)
        {
            await DeadLetterAsync(queues.Poison, BinaryData.FromString(message), "not an add_express_path event", info.Id, "unreadable message");
            metrics.RelayAttempted(RelayOutcome.DeadLettered, RelayOutcome.Unreadable);
            return;
        }

        var envelope = new WebhookEnvelope
        {
            WebhookId = WebhookPayload.IdFor(update),
            Attempts = 0,
            FirstQueuedAt = info.InsertedOn ?? timeProvider.GetUtcNow(),
            Event = update,
        };
        await RelayAsync(envelope, queues.Events, BinaryData.FromString(message), info, cancellationToken);
    }

    /// <summary>A message from <c>express-path-events-retry</c>: a <see cref="WebhookEnvelope"/> whose next attempt is due.</summary>
    public async Task RelayRetryAsync(string message, QueueMessageInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(info);
        var envelope = WebhookEnvelopeJson.TryRead(Encoding.UTF8.GetBytes(message));
        if (envelope is null)
        {
            await DeadLetterAsync(queues.Poison, BinaryData.FromString(message), "not a webhook delivery", info.Id, "unreadable message");
            metrics.RelayAttempted(RelayOutcome.DeadLettered, RelayOutcome.Unreadable);
            return;
        }

        await RelayAsync(envelope, queues.Retries, BinaryData.FromString(message), info, cancellationToken);
    }

    private async Task RelayAsync(WebhookEnvelope envelope, QueueClient source, BinaryData original, QueueMessageInfo info, CancellationToken cancellationToken)
    {
        if (options.Value.Endpoint is not { } endpoint)
        {
            // Only reached when the host invokes the relay although it should be disabled (see docs/webhooks.md).
            logger.LogWarning(
                "ExpressPathRelay ran without Webhook__Url: message put back on {Queue} for {Delay}, not consumed. Set Webhook__Url, or AzureWebJobs_ExpressPathRelay_Disabled and AzureWebJobs_ExpressPathRelayRetry_Disabled to 1",
                source.Name, DeferDelay);
            await DeferAsync(source, original, info);
            return;
        }

        WebhookSigningKeys keys;
        try
        {
            keys = await secrets.GetAsync(cancellationToken);
        }
        catch (SecretUnavailableException ex)
        {
            logger.LogWarning("ExpressPathRelay cannot sign {WebhookId}: {Reason}; message put back on {Queue} for {Delay}", envelope.WebhookId, ex.Message, source.Name, DeferDelay);
            await DeferAsync(source, original, info);
            return;
        }

        var attemptAt = timeProvider.GetUtcNow();
        var body = WebhookPayload.BodyFor(envelope.Event);
        var timestamp = attemptAt.ToUnixTimeSeconds();
        var delivery = new WebhookDelivery(envelope.WebhookId, timestamp, body, WebhookSignature.Header(keys, envelope.WebhookId, timestamp, body));
        var attempt = await sender.SendAsync(endpoint, delivery, cancellationToken);
        var attempts = envelope.Attempts + 1;
        if (attempt.Outcome == WebhookOutcome.Delivered)
        {
            metrics.RelayAttempted(RelayOutcome.Delivered, attempt.StatusClass);
            metrics.RelayEnded(RelayOutcome.Delivered, attempts, timeProvider.GetUtcNow() - envelope.FirstQueuedAt);
            return;
        }

        if (attempt.SignatureRefused)
        {
            // The secret may have been changed in the vault: the next attempt signs with what it holds now.
            await secrets.RefreshAsync(keys, cancellationToken);
        }

        var tried = envelope with { Attempts = attempts, LastAttemptAt = attemptAt, LastStatus = attempt.Status };
        var delay = attempt.Outcome == WebhookOutcome.Gone ? null : schedule.DelayAfter(attempts, attempt.RetryAfter);
        if (delay is { } wait)
        {
            logger.LogWarning(
                "Webhook {WebhookId} attempt {Attempt} of {MaxAttempts} failed ({Status}); next attempt in {Delay}",
                tried.WebhookId, attempts, WebhookRetrySchedule.MaxAttempts, attempt.Status, wait);
            await WriteAsync(queues.Retries, WebhookEnvelopeJson.ToBinary(tried), wait);
            metrics.RelayAttempted(RelayOutcome.Retried, attempt.StatusClass);
            return;
        }

        var reason = attempt.Outcome == WebhookOutcome.Gone ? "gone" : "attempts exhausted";
        var deadLetter = tried with { DeadLetterReason = reason, DeadLetteredAt = timeProvider.GetUtcNow() };
        await DeadLetterAsync(queues.Poison, WebhookEnvelopeJson.ToBinary(deadLetter), reason, tried.WebhookId, attempt.Status, attempts);
        metrics.RelayAttempted(RelayOutcome.DeadLettered, attempt.StatusClass);
        metrics.RelayEnded(RelayOutcome.DeadLettered, attempts, age: null);
    }

    private async Task DeadLetterAsync(QueueClient poison, BinaryData message, string reason, string? id, string status, int attempts = 0)
    {
        logger.LogError(
            "Webhook {WebhookId} dead-lettered to {Queue} after {Attempts} attempts: {Reason} ({Status})",
            id, poison.Name, attempts, reason, status);
        await WriteAsync(poison, message, TimeSpan.Zero);
    }

    // Back where it came from, unchanged, hidden for DeferDelay; it keeps (at least) the lifetime it had left.
    private Task DeferAsync(QueueClient source, BinaryData original, QueueMessageInfo info)
    {
        var timeToLive = source == queues.Events && info.ExpiresOn is { } expires
            ? Max(expires - timeProvider.GetUtcNow(), DeferDelay + TimeSpan.FromMinutes(1))
            : WebhookQueues.NeverExpires;
        return WriteAsync(source, original, DeferDelay, timeToLive);
    }

    private async Task WriteAsync(QueueClient queue, BinaryData message, TimeSpan visibilityTimeout, TimeSpan? timeToLive = null)
    {
        // Not the invocation's token: stopping between the attempt and this write is what would lose the delivery.
        using var deadline = new CancellationTokenSource(StorageDeadline, timeProvider);
        await queues.EnsureCreatedAsync(deadline.Token);
        await queue.SendMessageAsync(message, visibilityTimeout, timeToLive ?? WebhookQueues.NeverExpires, deadline.Token);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
