using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LogisticsFunctions.WeChat.Push;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Push;

/// <summary>
/// Puts each update on the queue, however many times and to however many instances WeChat delivers it,
/// once in all but the windows docs/push.md lists, and never loses it to an instance that stops mid-way.
/// The guard lives in storage, not in an instance's memory: a marker blob per update, created with a
/// conditional write (<c>If-None-Match: *</c>) so exactly one delivery claims it, then <c>claimed</c> →
/// send → <c>queued</c> (each step <c>If-Match</c> on the ETag the previous one returned).
/// <list type="bullet">
/// <item>A failed send deletes the claim (If-Match) and reports failure, so WeChat's next try starts afresh.</item>
/// <item>A delivery that finds <c>queued</c> sends nothing.</item>
/// <item>One that finds a claim waits for it while its own deadline allows; a claim older than
/// <see cref="ClaimLease"/> on the storage service's clock is taken over, If-Match, so only one taker wins.
/// Every delivery answers within <see cref="PushReceiver.AnswerDeadline"/>, so nothing still works under a
/// claim that old: its instance stopped, and one of WeChat's own retries (5, 10 and 15 s after the first try)
/// takes the update over and queues it.</item>
/// </list>
/// This is done with the Storage SDK from the worker and not with a Functions queue output binding: the host
/// writes output bindings only after the function has returned, so the function could neither answer
/// <c>success</c> only once the message is queued nor make the send depend on the marker.
/// </summary>
public sealed class ExpressPathEventSender(PushStorage storage, TimeProvider timeProvider, ILogger<ExpressPathEventSender> logger)
{
    /// <summary>
    /// How long a claim protects the delivery that made it: that delivery's whole answer deadline, plus a
    /// second for a storage request of its still in flight when the deadline struck.
    /// </summary>
    public static readonly TimeSpan ClaimLease = PushReceiver.AnswerDeadline + TimeSpan.FromSeconds(1);

    /// <summary>
    /// What a delivery waiting for another keeps of its deadline to send and mark the update itself (two
    /// storage writes of some tens of milliseconds). A claim is seen stale between 5 and 7 s after it was
    /// made (see StaleAge), so WeChat's retry 5 s after the first try can wait for it and still answer in time.
    /// </summary>
    public static readonly TimeSpan SendReserve = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan ClaimPollInterval = TimeSpan.FromMilliseconds(250);

    // Last-Modified and Date are HTTP dates of whole seconds: a claim read as one second older than the
    // lease is at least the lease old, whatever fractions the two dates dropped.
    private static readonly TimeSpan StaleAge = ClaimLease + TimeSpan.FromSeconds(1);

    /// <summary>
    /// Queues <paramref name="message"/> (the update's JSON) unless the update was already queued, waiting for
    /// another delivery of it until <paramref name="answerBy"/> allows no more. <paramref name="cancellationToken"/>
    /// is the request's deadline: once the message is sent, its running out still answers
    /// <see cref="EnqueueOutcome.Queued"/>, since the message is on the queue.
    /// </summary>
    public async Task<EnqueueOutcome> EnqueueOnceAsync(ExpressPathEvent update, BinaryData message, DateTimeOffset answerBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await storage.EnsureCreatedAsync(cancellationToken);
            // Logs name the marker (a hash), never the waybill or another value from the message.
            var marker = storage.Markers.GetBlobClient(DeliveryMarker.NameFor(update));
            var claim = await ClaimAsync(marker, update, answerBy, cancellationToken);
            switch (claim.State)
            {
                case ClaimState.Claimed:
                    return await SendAsync(marker, claim, message, cancellationToken);
                case ClaimState.AlreadyQueued:
                    logger.LogInformation("Update {Marker} was already queued; not sent again", marker.Name);
                    return EnqueueOutcome.AlreadyQueued;
                default:
                    logger.LogWarning("Update {Marker} is being queued by another delivery; asking WeChat to try again", marker.Name);
                    return EnqueueOutcome.InProgressElsewhere;
            }
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            logger.LogWarning("The push's deduplication marker could not be written: {Reason}", Describe(ex));
            return EnqueueOutcome.StorageFailed;
        }
    }

    private async Task<Claim> ClaimAsync(BlobClient marker, ExpressPathEvent update, DateTimeOffset answerBy, CancellationToken cancellationToken)
    {
        // Names this delivery in the claim, so that a request of ours the SDK retried after its first try did
        // reach storage is recognised as ours, not mistaken for another delivery's.
        var owner = Guid.NewGuid().ToString("N");
        var create = true;
        while (true)
        {
            if (create && await TryCreateAsync(marker, update, owner, cancellationToken) is { } created)
            {
                return new Claim(ClaimState.Claimed, created, owner);
            }

            create = false;
            Response<BlobProperties> found;
            try
            {
                found = await marker.GetPropertiesAsync(cancellationToken: cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Its owner failed to send and released it just now: claim it afresh.
                create = true;
                continue;
            }

            var properties = found.Value;
            var state = DeliveryMarker.State(properties.Metadata);
            if (state == DeliveryMarker.Queued)
            {
                return new Claim(ClaimState.AlreadyQueued, properties.ETag, owner);
            }

            if (state == DeliveryMarker.Claimed && DeliveryMarker.Owner(properties.Metadata) == owner)
            {
                return new Claim(ClaimState.Claimed, properties.ETag, owner);
            }

            // The storage service's clock on both sides: instances' clocks may differ by more than a lease.
            var age = (found.GetRawResponse().Headers.Date ?? timeProvider.GetUtcNow()) - properties.LastModified;
            if (state != DeliveryMarker.Claimed || age >= StaleAge)
            {
                if (await TryTakeOverAsync(marker, properties.ETag, owner, cancellationToken) is { } taken)
                {
                    logger.LogWarning(
                        "Took over the claim on update {Marker}, {Age} s old: the delivery that made it did not finish",
                        marker.Name,
                        (long)age.TotalSeconds);
                    return new Claim(ClaimState.Claimed, taken, owner);
                }

                // Someone changed it since we looked: look again.
                continue;
            }

            if (timeProvider.GetUtcNow() + ClaimPollInterval + SendReserve > answerBy)
            {
                return new Claim(ClaimState.HeldElsewhere, default, owner);
            }

            await Task.Delay(ClaimPollInterval, timeProvider, cancellationToken);
        }
    }

    private static async Task<ETag?> TryCreateAsync(BlobClient marker, ExpressPathEvent update, string owner, CancellationToken cancellationToken)
    {
        try
        {
            var created = await marker.UploadAsync(
                DeliveryMarker.Content(update),
                new BlobUploadOptions
                {
                    Metadata = DeliveryMarker.ClaimedMetadata(owner),
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
            return created.Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // The marker exists: the caller looks at what state it is in.
            return null;
        }
    }

    private static async Task<ETag?> TryTakeOverAsync(BlobClient marker, ETag seen, string owner, CancellationToken cancellationToken)
    {
        try
        {
            var taken = await marker.SetMetadataAsync(
                DeliveryMarker.ClaimedMetadata(owner),
                new BlobRequestConditions { IfMatch = seen },
                cancellationToken);
            return taken.Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return null;
        }
    }

    private async Task<EnqueueOutcome> SendAsync(BlobClient marker, Claim claim, BinaryData message, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Queue.SendMessageAsync(message, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            logger.LogWarning("Queueing update {Marker} failed: {Reason}", marker.Name, Describe(ex));
            await ReleaseAsync(marker, claim, cancellationToken);
            return EnqueueOutcome.StorageFailed;
        }

        try
        {
            await marker.SetMetadataAsync(
                DeliveryMarker.QueuedMetadata(claim.Owner),
                new BlobRequestConditions { IfMatch = claim.ETag },
                cancellationToken);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            // The message is on the queue, so WeChat gets success; a redelivery after the lease would queue it again.
            logger.LogWarning("Update {Marker} was queued but its marker could not be set to queued: {Reason}", marker.Name, Describe(ex));
        }

        logger.LogInformation("Queued update {Marker}", marker.Name);
        return EnqueueOutcome.Queued;
    }

    private async Task ReleaseAsync(BlobClient marker, Claim claim, CancellationToken cancellationToken)
    {
        // When the deadline is what ended the send, the claim is left to lapse: the answer must not wait.
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await marker.DeleteAsync(DeleteSnapshotsOption.None, new BlobRequestConditions { IfMatch = claim.ETag }, cancellationToken);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            logger.LogWarning("The claim could not be released ({Reason}); a delivery after {Lease} s takes it over", Describe(ex), StaleAge.TotalSeconds);
        }
    }

    // What storage and its credential throw: a refusal, a timeout, a broken connection, no token for the identity.
    private static bool IsStorageFailure(Exception ex) =>
        ex is RequestFailedException or OperationCanceledException or AggregateException or IOException or HttpRequestException
            or AuthenticationFailedException or CredentialUnavailableException;

    // Status and error code, or the exception's type: a storage exception's message carries request details.
    private static string Describe(Exception ex) => ex switch
    {
        RequestFailedException failed => $"HTTP {failed.Status} {failed.ErrorCode}",
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Describe(aggregate.InnerExceptions[^1]),
        OperationCanceledException => "timed out",
        _ => ex.GetType().Name,
    };

    private enum ClaimState
    {
        Claimed,
        AlreadyQueued,
        HeldElsewhere,
    }

    private readonly record struct Claim(ClaimState State, ETag ETag, string Owner);
}
