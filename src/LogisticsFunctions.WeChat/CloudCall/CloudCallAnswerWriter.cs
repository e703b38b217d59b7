using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LogisticsFunctions.WeChat.CloudCall;

/// <summary>
/// Writes WeChat's successful answer the way the cloud call hands it to a cloud function: every key
/// converted to camelCase at every depth, <c>errcode</c>/<c>errmsg</c> dropped, <c>errMsg</c> and
/// <c>errCode</c> appended. It streams token by token: values (numbers above all) pass through as
/// WeChat wrote them, and fields WeChat adds later come through converted without a model change.
/// </summary>
public static class CloudCallAnswerWriter
{
    private const int MaxStackKeyLength = 256;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // WeChat sends Chinese text as raw UTF-8; the cloud call passes it on unescaped, so do we.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // The reader has validated the structure already.
        SkipValidation = true,
    };

    private static ReadOnlySpan<byte> ErrCodeKey => "errcode"u8;

    private static ReadOnlySpan<byte> ErrMsgKey => "errmsg"u8;

    /// <summary>
    /// Converts <paramref name="weChatJson"/> (a JSON object, already known to be valid) into
    /// <paramref name="output"/>, closing with <c>"errMsg":"{apiName}:ok","errCode":0</c>.
    /// </summary>
    public static void WriteSuccess(ReadOnlySpan<byte> weChatJson, string apiName, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(apiName);
        ArgumentNullException.ThrowIfNull(output);

        var reader = new Utf8JsonReader(weChatJson, new JsonReaderOptions { MaxDepth = 64 });
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("WeChat's answer is not a JSON object.");
        }

        writer.WriteStartObject();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
            {
                // In two segments: the same JSON string as apiName + ":ok", without making that string.
                writer.WritePropertyName("errMsg"u8);
                writer.WriteStringValueSegment(apiName, isFinalSegment: false);
                writer.WriteStringValueSegment(":ok", isFinalSegment: true);
                writer.WriteNumber("errCode"u8, 0);
                writer.WriteEndObject();
                break;
            }

            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && IsErrorField(ref reader))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            CopyToken(ref reader, writer);
        }

        writer.Flush();
    }

    private static bool IsErrorField(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped && (reader.ValueTextEquals(ErrCodeKey) || reader.ValueTextEquals(ErrMsgKey));

    private static void CopyToken(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                break;
            case JsonTokenType.EndObject:
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
                break;
            case JsonTokenType.PropertyName:
                WritePropertyName(ref reader, writer);
                break;
            case JsonTokenType.String:
                if (reader.ValueIsEscaped)
                {
                    writer.WriteStringValue(reader.GetString());
                }
                else
                {
                    writer.WriteStringValue(reader.ValueSpan);
                }

                break;
            case JsonTokenType.Number:
                // Raw digits: a 64-bit id or a float keeps exactly the text WeChat sent.
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonTokenType.False:
                writer.WriteBooleanValue(false);
                break;
            case JsonTokenType.Null:
                writer.WriteNullValue();
                break;
            default:
                throw new JsonException($"Unexpected JSON token {reader.TokenType}.");
        }
    }

    private static void WritePropertyName(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > MaxStackKeyLength)
        {
            writer.WritePropertyName(CloudCallKeys.ToCamelCase(reader.GetString()!));
            return;
        }

        var key = reader.ValueSpan;
        if (!CloudCallKeys.NeedsCamelCase(key))
        {
            writer.WritePropertyName(key);
            return;
        }

        Span<byte> converted = stackalloc byte[MaxStackKeyLength];
        var length = CloudCallKeys.ToCamelCase(key, converted);
        writer.WritePropertyName(converted[..length]);
    }
}
