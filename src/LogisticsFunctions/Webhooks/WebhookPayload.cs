using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LogisticsFunctions.Push;
using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Webhooks;

/// <summary>
/// What the backend receives for one update: the id it deduplicates by, and the body in the shape the Standard
/// Webhooks specification recommends, <c>{"type":…,"timestamp":…,"data":…}</c>, <c>data</c> being the queued
/// event with WeChat's field names.
/// </summary>
public static class WebhookPayload
{
    /// <summary>The event type of every <c>add_express_path</c> update: hierarchical, as the specification asks.</summary>
    public const string EventType = "logistics.path.updated";

    private const string IdPrefix = "msg_";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <c>msg_</c> + the update's deduplication marker name (SHA-256 of <c>DeliveryID</c>, <c>WayBillId</c> and
    /// <c>Version</c>, length-prefixed, in hex): the same for every attempt and every duplicate of one update,
    /// and the same hash that names its marker blob in <c>express-path-dedup</c>. No dots, no free text.
    /// </summary>
    public static string IdFor(ExpressPathEvent update) => IdPrefix + DeliveryMarker.NameFor(update);

    /// <summary>The UTF-8 JSON body; <c>timestamp</c> is the event's <c>CreateTime</c> in ISO 8601 (UTC).</summary>
    public static byte[] BodyFor(ExpressPathEvent update)
    {
        ArgumentNullException.ThrowIfNull(update);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", EventType);
            writer.WriteString("timestamp", DateTimeOffset.FromUnixTimeSeconds(update.CreateTime).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WritePropertyName("data");
            writer.WriteRawValue(ExpressPathEventJson.ToUtf8(update), skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
