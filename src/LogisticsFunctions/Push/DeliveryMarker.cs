using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Push;

/// <summary>
/// The marker blob that stands for one update (<c>DeliveryID</c>, <c>WayBillId</c>, <c>Version</c>) in the
/// deduplication container, and its states in the blob's metadata: <c>claimed</c> (a delivery is sending it;
/// <c>owner</c> names that delivery) and <c>queued</c> (the message is on the queue). A claim's age is the
/// blob's Last-Modified on the storage service's own clock, never an instance's.
/// </summary>
internal static class DeliveryMarker
{
    public const string StateKey = "state";
    public const string OwnerKey = "owner";
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

    public static Dictionary<string, string> ClaimedMetadata(string owner) => new(StringComparer.Ordinal)
    {
        [StateKey] = Claimed,
        [OwnerKey] = owner,
    };

    public static Dictionary<string, string> QueuedMetadata(string owner)
    {
        var metadata = ClaimedMetadata(owner);
        metadata[StateKey] = Queued;
        return metadata;
    }

    public static string? Owner(IDictionary<string, string> metadata) =>
        metadata.TryGetValue(OwnerKey, out var owner) ? owner : null;

    public static string? State(IDictionary<string, string> metadata) =>
        metadata.TryGetValue(StateKey, out var state) ? state : null;
}
