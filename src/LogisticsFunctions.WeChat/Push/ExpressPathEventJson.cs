using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogisticsFunctions.WeChat.Push;

/// <summary>The normalised event as UTF-8 JSON: WeChat's field names, numbers as numbers, text unescaped where JSON allows.</summary>
public static class ExpressPathEventJson
{
    // Relaxed escaping keeps Chinese trace text readable in the queue; the JSON is data for a backend, not HTML.
    private static readonly ExpressPathEventJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static byte[] ToUtf8(ExpressPathEvent expressPath) =>
        JsonSerializer.SerializeToUtf8Bytes(expressPath, Context.ExpressPathEvent);

    /// <summary>The event, or null when <paramref name="json"/> is not one (malformed, or JSON null).</summary>
    public static ExpressPathEvent? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, Context.ExpressPathEvent);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(ExpressPathEvent))]
internal sealed partial class ExpressPathEventJsonContext : JsonSerializerContext;
