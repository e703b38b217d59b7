using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>Reads requests and writes answers the way WeChat does: compact JSON, raw UTF-8, errcode and errmsg first.</summary>
internal static class WeChatJson
{
    internal const string ContentType = "application/json; charset=utf-8";

    // WeChat sends Chinese as raw UTF-8, never as \uXXXX escapes; clients must be tested against the real bytes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one JSON object whose members <paramref name="writeMembers"/> supplies.</summary>
    internal static byte[] Serialize(Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The members of a successful path/get answer, in WeChat's order.</summary>
    internal static void WritePathAnswer(Utf8JsonWriter writer, string openid, SimulatedWaybill waybill)
    {
        writer.WriteNumber("errcode", 0);
        writer.WriteString("errmsg", "ok");
        writer.WriteString("openid", openid);
        writer.WriteString("delivery_id", waybill.DeliveryId);
        writer.WriteString("waybill_id", waybill.WaybillId);
        writer.WriteNumber("path_item_num", waybill.Path.Count);
        writer.WriteStartArray("path_item_list");
        foreach (var item in waybill.Path)
        {
            writer.WriteStartObject();
            writer.WriteNumber("action_time", item.ActionTime);
            writer.WriteNumber("action_type", item.ActionType);
            writer.WriteString("action_msg", item.ActionMsg);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Sends <paramref name="body"/> as WeChat's HTTP 200 JSON answer.</summary>
    internal static async Task WriteAsync(HttpContext context, byte[] body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ContentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Sends a success: <c>{"errcode":0,"errmsg":"ok"}</c> followed by the members <paramref name="writeMembers"/> supplies.</summary>
    internal static Task WriteOkAsync(HttpContext context, Action<Utf8JsonWriter>? writeMembers = null) =>
        WriteAsync(context, Serialize(writer =>
        {
            writer.WriteNumber("errcode", 0);
            writer.WriteString("errmsg", "ok");
            writeMembers?.Invoke(writer);
        }));

    /// <summary>
    /// Sends <paramref name="error"/> with a fresh rid, and the courier's <c>delivery_resultcode</c> and
    /// <c>delivery_resultmsg</c> after errcode and errmsg when it carries them.
    /// </summary>
    internal static Task WriteErrorAsync(HttpContext context, WeChatError error, TimeProvider timeProvider) =>
        WriteAsync(context, Serialize(writer =>
        {
            writer.WriteNumber("errcode", error.Errcode);
            writer.WriteString("errmsg", $"{error.Errmsg} rid: {RequestId.Next(timeProvider)}");
            if (error.DeliveryResultcode is { } code)
            {
                writer.WriteNumber("delivery_resultcode", code);
                writer.WriteString("delivery_resultmsg", error.DeliveryResultmsg ?? string.Empty);
            }
        }));

    /// <summary>Sends <c>{"errcode":…,"errmsg":…}</c> with <paramref name="errmsg"/> exactly as given.</summary>
    internal static Task WriteErrorAsync(HttpContext context, int errcode, string errmsg) =>
        WriteAsync(context, Serialize(writer =>
        {
            writer.WriteNumber("errcode", errcode);
            writer.WriteString("errmsg", errmsg);
        }));

    /// <summary>Sends a WeChat error whose message ends in a fresh <c>rid</c>, as every real one does.</summary>
    internal static Task WriteErrorAsync(HttpContext context, int errcode, string message, TimeProvider timeProvider) =>
        WriteErrorAsync(context, errcode, $"{message} rid: {RequestId.Next(timeProvider)}");

    /// <summary>The body as a JSON object, or <see langword="null"/> when it is not one (WeChat's 47001).</summary>
    internal static JsonDocument? TryParseObject(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            return document;
        }

        document.Dispose();
        return null;
    }

    /// <summary>
    /// Reads an optional string member: absent or JSON null gives <see langword="null"/>; any other kind of value is a
    /// format error and returns <see langword="false"/>.
    /// </summary>
    internal static bool TryGetOptionalString(JsonElement obj, string name, out string? value)
    {
        value = null;
        if (!obj.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (member.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = member.GetString();
        return true;
    }
}
