using System.Text.Json;

namespace LogisticsFunctions.CloudCall;

/// <summary>
/// wx-server-sdk's answer handling, step for step, on a model of the parsed answer: JSON.parse (a key
/// given twice keeps its last value), the top-level errcode and errmsg deleted, then <c>convertCase</c>
/// walking each object's keys in order and moving every key whose camelCase differs to its new name, so
/// that a converted key's value replaces a key already of that name and, between two converted keys,
/// the later wins. Values keep WeChat's text (numbers are written as WeChat wrote them). Used only when
/// the streaming writer finds two keys meeting under one name: real answers never take this path.
/// </summary>
internal static class SdkCaseConversion
{
    /// <summary>Writes the converted members of WeChat's top-level object, without errMsg and errCode (the caller sets those).</summary>
    public static void WriteMembers(ReadOnlySpan<byte> weChatJson, Utf8JsonWriter writer)
    {
        using var document = JsonDocument.Parse(weChatJson.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        var root = (OrderedDictionary<string, object?>)Parse(document.RootElement)!;
        root.Remove("errcode");
        root.Remove("errmsg");
        Convert(root);
        root.Remove("errMsg");
        root.Remove("errCode");
        foreach (var (key, value) in root)
        {
            writer.WritePropertyName(key);
            Write(value, writer);
        }
    }

    // Objects become ordered dictionaries, arrays lists, and scalars stay JSON elements (their raw text kept).
    private static object? Parse(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    // JSON.parse: a repeated key keeps its first position and its last value.
                    members[property.Name] = Parse(property.Value);
                }

                return members;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(Parse).ToList();
            default:
                return element;
        }
    }

    private static object? Convert(object? value)
    {
        switch (value)
        {
            case OrderedDictionary<string, object?> members:
                foreach (var key in members.Keys.ToList())
                {
                    var converted = CloudCallKeys.ToCamelCase(key);
                    var item = Convert(members[key]);
                    if (converted == key)
                    {
                        members[key] = item;
                    }
                    else
                    {
                        members[converted] = item;
                        members.Remove(key);
                    }
                }

                return members;
            case List<object?> items:
                for (var i = 0; i < items.Count; i++)
                {
                    items[i] = Convert(items[i]);
                }

                return items;
            default:
                return value;
        }
    }

    private static void Write(object? value, Utf8JsonWriter writer)
    {
        switch (value)
        {
            case OrderedDictionary<string, object?> members:
                writer.WriteStartObject();
                foreach (var (key, item) in members)
                {
                    writer.WritePropertyName(key);
                    Write(item, writer);
                }

                writer.WriteEndObject();
                break;
            case List<object?> items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(item, writer);
                }

                writer.WriteEndArray();
                break;
            case JsonElement { ValueKind: JsonValueKind.String } text:
                writer.WriteStringValue(text.GetString());
                break;
            case JsonElement scalar:
                writer.WriteRawValue(scalar.GetRawText(), skipInputValidation: true);
                break;
        }
    }
}
