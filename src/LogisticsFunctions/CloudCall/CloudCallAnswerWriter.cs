using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LogisticsFunctions.CloudCall;

/// <summary>
/// Writes WeChat's answer the way the cloud call hands it to a cloud function: every key converted to
/// camelCase at every depth, each name once, <c>errcode</c>/<c>errmsg</c> dropped, <c>errMsg</c> and
/// <c>errCode</c> set. It streams token by token, so values (numbers above all) pass through as WeChat
/// wrote them and fields WeChat adds later come through converted. When two keys of one object would
/// come out with the same name (or an object has too many keys to check cheaply), it writes the answer
/// again through <see cref="SdkCaseConversion"/>, which applies the SDK's precedence exactly.
/// </summary>
public static class CloudCallAnswerWriter
{
    private const int MaxStackKeyLength = 256;

    // Beyond this many keys in one object, checking each new key against the others costs more than the exact path.
    private const int MaxKeysCheckedInline = 64;

    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        // WeChat sends Chinese text as raw UTF-8; the cloud call passes it on unescaped, so do we.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // WeChatResponse.Parse has validated the structure and the text already.
        SkipValidation = true,
    };

    /// <summary>
    /// Converts <paramref name="weChatJson"/> (a JSON object WeChatResponse.Parse accepted) into
    /// <paramref name="output"/>, ending with <c>"errMsg":"{apiName}:ok","errCode":0</c>.
    /// </summary>
    internal static void WriteSuccess(ReadOnlySpan<byte> weChatJson, string apiName, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(apiName);
        ArgumentNullException.ThrowIfNull(output);
        Write(weChatJson, output, writer =>
        {
            // In two segments: the same JSON string as apiName + ":ok", without making that string.
            writer.WritePropertyName("errMsg"u8);
            writer.WriteStringValueSegment(apiName, isFinalSegment: false);
            writer.WriteStringValueSegment(":ok", isFinalSegment: true);
            writer.WriteNumber("errCode"u8, 0);
        }, membersFirst: true);
    }

    /// <summary>
    /// A failure: <c>errCode</c> and <c>errMsg</c>, then the other fields of WeChat's own error answer,
    /// converted (addOrder's 9300501 carries the courier's delivery_resultcode and delivery_resultmsg).
    /// <paramref name="weChatJson"/> is empty when the failure is not an answer of WeChat's.
    /// </summary>
    internal static void WriteFailure(int errCode, string errMsg, ReadOnlySpan<byte> weChatJson, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(errMsg);
        ArgumentNullException.ThrowIfNull(output);
        Write(weChatJson, output, writer =>
        {
            writer.WriteNumber("errCode"u8, errCode);
            writer.WriteString("errMsg"u8, errMsg);
        }, membersFirst: false);
    }

    private static void Write(ReadOnlySpan<byte> weChatJson, PooledBufferWriter output, Action<Utf8JsonWriter> writeOwnFields, bool membersFirst)
    {
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            if (!membersFirst)
            {
                writeOwnFields(writer);
            }

            if (weChatJson.IsEmpty || TryStreamMembers(weChatJson, writer))
            {
                if (membersFirst)
                {
                    writeOwnFields(writer);
                }

                writer.WriteEndObject();
                return;
            }
        }

        // Two keys of one object meet under one name: start over on the exact path.
        output.Reset();
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            if (!membersFirst)
            {
                writeOwnFields(writer);
            }

            SdkCaseConversion.WriteMembers(weChatJson, writer);
            if (membersFirst)
            {
                writeOwnFields(writer);
            }

            writer.WriteEndObject();
        }
    }

    // Streams the top-level object's members, converted. False when two keys of one object collide.
    private static bool TryStreamMembers(ReadOnlySpan<byte> weChatJson, Utf8JsonWriter writer)
    {
        var reader = new Utf8JsonReader(weChatJson, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("WeChat's answer is not a JSON object.");
        }

        var keys = new KeyCollisions();
        try
        {
            keys.Enter();
            Span<byte> converted = stackalloc byte[MaxStackKeyLength];
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.EndObject when reader.CurrentDepth == 0:
                        return true;
                    case JsonTokenType.StartObject:
                        keys.Enter();
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        keys.Leave();
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.PropertyName:
                        if (reader.CurrentDepth == 1 && IsDroppedAtTopLevel(ref reader))
                        {
                            reader.Read();
                            reader.Skip();
                            break;
                        }

                        if (!TryWritePropertyName(ref reader, writer, converted, ref keys))
                        {
                            return false;
                        }

                        break;
                    default:
                        CopyValue(ref reader, writer);
                        break;
                }
            }

            throw new JsonException("WeChat's answer ended inside its object.");
        }
        finally
        {
            keys.Dispose();
        }
    }

    // errcode and errmsg go; errMsg and errCode would be overwritten by the cloud call's own. Escapes count.
    private static bool IsDroppedAtTopLevel(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("errcode"u8) || reader.ValueTextEquals("errmsg"u8))
        {
            return true;
        }

        var name = reader.ValueIsEscaped ? reader.GetString()! : null;
        var camel = name is not null ? CloudCallKeys.ToCamelCase(name) : null;
        return camel is not null
            ? camel is "errMsg" or "errCode"
            : IsCamelCaseOf(reader.ValueSpan, "errMsg"u8) || IsCamelCaseOf(reader.ValueSpan, "errCode"u8);
    }

    private static bool IsCamelCaseOf(ReadOnlySpan<byte> key, ReadOnlySpan<byte> camel)
    {
        if (key.Length > MaxStackKeyLength)
        {
            return false;
        }

        Span<byte> converted = stackalloc byte[MaxStackKeyLength];
        var length = CloudCallKeys.ToCamelCase(key, converted);
        return converted[..length].SequenceEqual(camel);
    }

    private static bool TryWritePropertyName(ref Utf8JsonReader reader, Utf8JsonWriter writer, scoped Span<byte> scratch, ref KeyCollisions keys)
    {
        scoped ReadOnlySpan<byte> name;
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > MaxStackKeyLength)
        {
            name = Encoding.UTF8.GetBytes(CloudCallKeys.ToCamelCase(reader.GetString()!));
        }
        else
        {
            name = scratch[..CloudCallKeys.ToCamelCase(reader.ValueSpan, scratch)];
        }

        if (!keys.TryAdd(name))
        {
            return false;
        }

        writer.WritePropertyName(name);
        return true;
    }

    private static void CopyValue(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
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

    /// <summary>
    /// The converted keys of each open object, as hashes: a repeated hash means two keys may meet under
    /// one name (or, rarely, two names share a hash), and either way the exact path decides.
    /// </summary>
    private struct KeyCollisions : IDisposable
    {
        private int[] _hashes;
        private int[] _frameStarts;
        private int _count;
        private int _depth;

        public void Enter()
        {
            _hashes ??= ArrayPool<int>.Shared.Rent(64);
            _frameStarts ??= ArrayPool<int>.Shared.Rent(65);
            _frameStarts[_depth++] = _count;
        }

        public void Leave() => _count = _frameStarts[--_depth];

        public bool TryAdd(ReadOnlySpan<byte> name)
        {
            var start = _frameStarts[_depth - 1];
            if (_count - start >= MaxKeysCheckedInline)
            {
                return false;
            }

            var value = Fnv1a(name);
            if (_hashes.AsSpan(start, _count - start).Contains(value))
            {
                return false;
            }

            if (_count == _hashes.Length)
            {
                var larger = ArrayPool<int>.Shared.Rent(_hashes.Length * 2);
                _hashes.AsSpan(0, _count).CopyTo(larger);
                ArrayPool<int>.Shared.Return(_hashes);
                _hashes = larger;
            }

            _hashes[_count++] = value;
            return true;
        }

        // FNV-1a: keys are a few bytes long, where it costs less than a general-purpose hash's set-up.
        private static int Fnv1a(ReadOnlySpan<byte> name)
        {
            var hash = 2166136261u;
            foreach (var b in name)
            {
                hash = (hash ^ b) * 16777619u;
            }

            return unchecked((int)hash);
        }

        public readonly void Dispose()
        {
            if (_hashes is not null)
            {
                ArrayPool<int>.Shared.Return(_hashes);
            }

            if (_frameStarts is not null)
            {
                ArrayPool<int>.Shared.Return(_frameStarts);
            }
        }
    }
}
