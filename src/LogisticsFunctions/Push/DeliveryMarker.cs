using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Push;

/// <summary>
/// The marker blob that stands for one update (<c>DeliveryID</c>, <c>WayBillId</c>, <c>Version</c>) in the
/// deduplication container, and its states in the blob's metadata: <c>claimed</c> (an instance is sending it,
/// since <c>claimedat</c>) and <c>queued</c> (the message is on the queue).
/// </summary>
internal static class DeliveryMarker
{
    public const string StateKey = "state";
    public const string ClaimedAtKey = "claimedat";
    public const string QueuedAtKey = "queuedat";
    public const string Claimed = "claimed";
    public const string Queued = "queued";

    /// <summary>
    /// The blob's name: the SHA-256 of the three values, length-prefixed so that no two updates share an
    /// encoding, in hex. Hashed rather than escaped because the values are free text from WeChat (a waybill
    /// may hold '/', '..' or characters a blob name cannot), and a fixed 64-character name fits any of them.
    /// </summary>
    public static string NameFor(ExpressPathEvent update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var key = string.Create(
            CultureInfo.InvariantCulture,
            $"{update.DeliveryId.Length}:{update.DeliveryId}\n{update.WayBillId.Length}:{update.WayBillId}\n{update.Version}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>The blob's content: which update the hashed name stands for, for an operator looking at the container.</summary>
    public static BinaryData Content(ExpressPathEvent update) =>
        BinaryData.FromString(new JsonObject
        {
            ["DeliveryID"] = update.DeliveryId,
            ["WayBillId"] = update.WayBillId,
            ["Version"] = update.Version,
        }.ToJsonString());

    public static Dictionary<string, string> ClaimedMetadata(DateTimeOffset claimedAt) => new(StringComparer.Ordinal)
    {
        [StateKey] = Claimed,
        [ClaimedAtKey] = claimedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
    };

    public static Dictionary<string, string> QueuedMetadata(DateTimeOffset claimedAt, DateTimeOffset queuedAt)
    {
        var metadata = ClaimedMetadata(claimedAt);
        metadata[StateKey] = Queued;
        metadata[QueuedAtKey] = queuedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return metadata;
    }

    /// <summary>When the claim in <paramref name="metadata"/> was made; null when the marker holds none readable.</summary>
    public static DateTimeOffset? ClaimedAt(IDictionary<string, string> metadata) =>
        metadata.TryGetValue(ClaimedAtKey, out var text)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;

    public static string? State(IDictionary<string, string> metadata) =>
        metadata.TryGetValue(StateKey, out var state) ? state : null;
}
