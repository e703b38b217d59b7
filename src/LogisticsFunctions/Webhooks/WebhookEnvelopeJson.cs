using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogisticsFunctions.Webhooks;

/// <summary>The envelope as UTF-8 JSON, with the event's text unescaped where JSON allows (as on the event queue).</summary>
public static class WebhookEnvelopeJson
{
    private static readonly WebhookEnvelopeJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static BinaryData ToBinary(WebhookEnvelope envelope) =>
        BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(envelope, Context.WebhookEnvelope));

    /// <summary>The envelope, or null when <paramref name="json"/> is not one (malformed, or a bare event).</summary>
    public static WebhookEnvelope? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize(json, Context.WebhookEnvelope);
            return envelope is { WebhookId.Length: > 0, Attempts: >= 0 } ? envelope : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(WebhookEnvelope))]
internal sealed partial class WebhookEnvelopeJsonContext : JsonSerializerContext;
