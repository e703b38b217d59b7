using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LogisticsFunctions.WeChat.Push;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Push;

/// <summary>
/// Puts each update on the queue at most once, however many times and to however many instances WeChat
/// delivers it. The guard lives in storage, not in an instance's memory: a marker blob per update, created
/// with a conditional write (<c>If-None-Match: *</c>) so exactly one delivery claims it, then
/// <c>claimed</c> → send → <c>queued</c> (each step <c>If-Match</c> on the ETag the previous one returned).
/// <list type="bullet">
/// <item>A failed send deletes the claim (If-Match) and reports failure, so WeChat's next try starts afresh.</item>
/// <item>A delivery that finds <c>queued</c> sends nothing.</item>
/// <item>One that finds a fresh <c>claimed</c> waits up to <see cref="ClaimWait"/> for the other to finish,
/// then reports <see cref="EnqueueOutcome.InProgressElsewhere"/>; one older than <see cref="ClaimLease"/>
/// (its instance died mid-way) is taken over, If-Match, so only one taker wins.</item>
/// </list>
/// This is done with the Storage SDK from the worker and not with a Functions queue output binding: the host
/// writes output bindings only after the function has returned, so the function could neither answer
/// <c>success</c> only once the message is queued nor make the send depend on the marker.
/// The one window left: a send that succeeds and a marker update that then fails leave <c>claimed</c>, and
/// a delivery after the lease sends again. Each storage call is bounded well inside the lease to keep it rare.
/// </summary>
public sealed class ExpressPathEventSender(PushStorage storage, TimeProvider timeProvider, ILogger<ExpressPathEventSender> logger)
{
    /// <summary>How long a claim protects a delivery in progress; far longer than a send takes with its retries.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(30);

    /// <summary>How long a delivery waits for another one in progress, within WeChat's 5 s.</summary>
    public static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(2);

    /// <summary>The whole storage exchange of one delivery; below the lease, so a claim never lapses while its owner works.</summary>
    public static readonly TimeSpan StorageDeadline = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan ClaimPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Queues <paramref name="message"/> (the update's JSON) unless the update was already queued. Runs to
    /// the end under its own deadline rather than the invocation's cancellation: stopping between the send
    /// and the marker update is what would make a duplicate.
    /// </summary>
    public async Task<EnqueueOutcome> EnqueueOnceAsync(ExpressPathEvent update, BinaryData message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(message);
        using var deadline = new CancellationTokenSource(StorageDeadline, timeProvider);
        var stop = deadline.Token;
        try
        {
            await storage.EnsureCreatedAsync(stop);
            // Logs name the marker (a hash), never the waybill or another value from the message.
            var marker = storage.Markers.GetBlobClient(DeliveryMarker.NameFor(update));
            var giveUpAt = timeProvider.GetUtcNow() + ClaimWait;
            while (true)
            {
                var claim = await TryClaimAsync(marker, update, stop);
                switch (claim.State)
                {
                    case ClaimState.Claimed:
                        return await SendAsync(marker, claim, message, stop);
                    case ClaimState.AlreadyQueued:
                        logger.LogInformation("Update {Marker} was already queued; not sent again", marker.Name);
                        return EnqueueOutcome.AlreadyQueued;
                    default:
                        if (timeProvider.GetUtcNow() >= giveUpAt || cancellationToken.IsCancellationRequested)
                        {
                            logger.LogWarning("Update {Marker} is being queued by another delivery; asking WeChat to try again", marker.Name);
                            return EnqueueOutcome.InProgressElsewhere;
                        }

                        await Task.Delay(ClaimPollInterval, timeProvider, stop);
                        break;
                }
            }
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            logger.LogWarning("The push's deduplication marker could not be written: {Reason}", Describe(ex));
            return EnqueueOutcome.StorageFailed;
        }
    }

    private async Task<Claim> TryClaimAsync(BlobClient marker, ExpressPathEvent update, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        try
        {
            var created = await marker.UploadAsync(
                DeliveryMarker.Content(update),
                new BlobUploadOptions
                {
                    Metadata = DeliveryMarker.ClaimedMetadata(now),
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
            return new Claim(ClaimState.Claimed, created.Value.ETag, now);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // The marker exists: look at what state it is in.
        }

        BlobProperties properties;
        try
        {
            properties = (await marker.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Its owner failed to send and released it just now: the next round may claim it.
            return new Claim(ClaimState.HeldElsewhere, default, now);
        }

        var state = DeliveryMarker.State(properties.Metadata);
        if (state == DeliveryMarker.Queued)
        {
            return new Claim(ClaimState.AlreadyQueued, properties.ETag, now);
        }

        if (state == DeliveryMarker.Claimed && DeliveryMarker.ClaimedAt(properties.Metadata) is { } claimedAt && now - claimedAt < ClaimLease)
        {
            return new Claim(ClaimState.HeldElsewhere, properties.ETag, now);
        }

        // A claim past its lease (its instance stopped mid-way) or a marker we cannot read: take it over,
        // on condition that nobody changed it since we looked.
        try
        {
            var taken = await marker.SetMetadataAsync(
                DeliveryMarker.ClaimedMetadata(now),
                new BlobRequestConditions { IfMatch = properties.ETag },
                cancellationToken);
            logger.LogWarning("Took over a stale claim on update {Marker}", marker.Name);
            return new Claim(ClaimState.Claimed, taken.Value.ETag, now);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return new Claim(ClaimState.HeldElsewhere, default, now);
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
            await ReleaseAsync(marker, claim);
            return EnqueueOutcome.StorageFailed;
        }

        try
        {
            await marker.SetMetadataAsync(
                DeliveryMarker.QueuedMetadata(claim.At, timeProvider.GetUtcNow()),
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

    private async Task ReleaseAsync(BlobClient marker, Claim claim)
    {
        // Its own short deadline: the delivery's may be what just ran out.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), timeProvider);
        try
        {
            await marker.DeleteAsync(DeleteSnapshotsOption.None, new BlobRequestConditions { IfMatch = claim.ETag }, timeout.Token);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            logger.LogWarning("The claim could not be released ({Reason}); a delivery after {Lease} s takes it over", Describe(ex), ClaimLease.TotalSeconds);
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

    private readonly record struct Claim(ClaimState State, ETag ETag, DateTimeOffset At);
}
