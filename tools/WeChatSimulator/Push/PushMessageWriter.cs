using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>
/// Writes a push message in WeChat's formats. JSON is the object itself (raw UTF-8). XML is <c>&lt;xml&gt;</c> with one
/// element per member: text in CDATA, numbers bare, an array as the member's element repeated once per item with no
/// wrapper, an object as nested elements. Member names must be XML names.
/// </summary>
public static class PushMessageWriter
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonObject message, PushFormat format)
    {
        ArgumentNullException.ThrowIfNull(message);
        return format switch
        {
            PushFormat.Json => message.ToJsonString(Relaxed),
            PushFormat.Xml => WriteXml(message),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }

    /// <summary>
    /// The body WeChat posts: the plain message; in compatible mode the plain members plus <c>Encrypt</c> last; in safe
    /// mode only <c>ToUserName</c> and <c>Encrypt</c>.
    /// </summary>
    public static string WriteBody(JsonObject message, PushFormat format, PushMode mode, string? encrypt, string toUserName)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (mode == PushMode.Plain)
        {
            return Write(message, format);
        }

        ArgumentNullException.ThrowIfNull(encrypt);
        var envelope = mode == PushMode.Safe
            ? new JsonObject { ["ToUserName"] = toUserName }
            : (JsonObject)message.DeepClone();
        envelope["Encrypt"] = encrypt;
        return Write(envelope, format);
    }

    private static string WriteXml(JsonObject message)
    {
        var xml = new StringBuilder("<xml>");
        AppendMembers(xml, message);
        return xml.Append("</xml>").ToString();
    }

    private static void AppendMembers(StringBuilder xml, JsonObject members)
    {
        foreach (var (name, value) in members)
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(name[0]))
            {
                throw new ArgumentException($"'{name}' cannot be an XML element name.", nameof(members));
            }

            if (value is JsonArray items)
            {
                foreach (var item in items)
                {
                    AppendElement(xml, name, item);
                }
            }
            else
            {
                AppendElement(xml, name, value);
            }
        }
    }

    private static void AppendElement(StringBuilder xml, string name, JsonNode? value)
    {
        xml.Append('<').Append(name).Append('>');
        switch (value)
        {
            case JsonObject inner:
                AppendMembers(xml, inner);
                break;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                // "]]>" cannot appear inside CDATA: end the section before its ">" and start another.
                xml.Append("<![CDATA[").Append(text.GetValue<string>().Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal)).Append("]]>");
                break;
            case null:
                break;
            default:
                xml.Append(value.ToJsonString());
                break;
        }

        xml.Append("</").Append(name).Append('>');
    }
}
