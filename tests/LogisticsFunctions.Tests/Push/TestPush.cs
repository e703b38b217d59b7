using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

// The literals are WeChat's wire names, which happen to equal some property names here: nameof would tie the wire to C#.
#pragma warning disable CA1507

namespace LogisticsFunctions.Tests.Push;

/// <summary>The encryption mode chosen in WeChat's console.</summary>
public enum TestPushMode
{
    Plain,
    Compatible,
    Safe,
}

/// <summary>The data format chosen in WeChat's console.</summary>
public enum TestPushFormat
{
    Xml,
    Json,
}

/// <summary>One action of a sample event.</summary>
public sealed record TestAction(long ActionTime, long ActionType, string ActionMsg);

/// <summary>A sample <c>add_express_path</c> event, as the test wants WeChat to send it.</summary>
public sealed record TestExpressPath
{
    public string ToUserName { get; init; } = "gh_0123456789ab";
    public string FromUserName { get; init; } = "oOPENID0123456789";
    public long CreateTime { get; init; } = 1546924844;
    public string MsgType { get; init; } = "event";
    public string Event { get; init; } = "add_express_path";
    public string DeliveryId { get; init; } = "SF";
    public string WayBillId { get; init; } = "SF1234567890123";
    public string? OrderId { get; init; } = "01234567890123456789";
    public long Version { get; init; } = 2;

    public IReadOnlyList<TestAction> Actions { get; init; } =
    [
        new(1546924840, 100001, "小哥A揽件成功"),
        new(1546924841, 200001, "到达广州集包地 <&> \"运往\" ]]> 目的地"),
    ];

    public long Count => Actions.Count;

    /// <summary>The message as WeChat writes it in XML: strings in CDATA, numbers as text, Actions repeated.</summary>
    public string ToXml()
    {
        var xml = new StringBuilder("<xml>");
        Text(xml, "ToUserName", ToUserName);
        Text(xml, "FromUserName", FromUserName);
        Number(xml, "CreateTime", CreateTime);
        Text(xml, "MsgType", MsgType);
        Text(xml, "Event", Event);
        Text(xml, "DeliveryID", DeliveryId);
        Text(xml, "WayBillId", WayBillId);
        if (OrderId is not null)
        {
            Text(xml, "OrderId", OrderId);
        }

        Number(xml, "Version", Version);
        Number(xml, "Count", Count);
        foreach (var action in Actions)
        {
            xml.Append("<Actions>");
            Number(xml, "ActionTime", action.ActionTime);
            Number(xml, "ActionType", action.ActionType);
            Text(xml, "ActionMsg", action.ActionMsg);
            xml.Append("</Actions>");
        }

        return xml.Append("</xml>").ToString();
    }

    /// <summary>The message as WeChat writes it in JSON: numbers as numbers, Actions an array.</summary>
    public string ToJson() => ToJsonObject().ToJsonString();

    public JsonObject ToJsonObject()
    {
        var json = new JsonObject
        {
            ["ToUserName"] = ToUserName,
            ["FromUserName"] = FromUserName,
            ["CreateTime"] = CreateTime,
            ["MsgType"] = MsgType,
            ["Event"] = Event,
            ["DeliveryID"] = DeliveryId,
            ["WayBillId"] = WayBillId,
        };
        if (OrderId is not null)
        {
            json["OrderId"] = OrderId;
        }

        json["Version"] = Version;
        json["Count"] = Count;
        json["Actions"] = new JsonArray([.. Actions.Select(a => (JsonNode)new JsonObject
        {
            ["ActionTime"] = a.ActionTime,
            ["ActionType"] = a.ActionType,
            ["ActionMsg"] = a.ActionMsg,
        })]);
        return json;
    }

    public string Serialize(TestPushFormat format) => format == TestPushFormat.Xml ? ToXml() : ToJson();

    // CDATA cannot hold "]]>": split it across two sections, as any XML writer does.
    internal static void Text(StringBuilder xml, string name, string value) =>
        xml.Append('<').Append(name).Append("><![CDATA[").Append(value.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal)).Append("]]></").Append(name).Append('>');

    private static void Number(StringBuilder xml, string name, long value) =>
        xml.Append('<').Append(name).Append('>').Append(value.ToString(CultureInfo.InvariantCulture)).Append("</").Append(name).Append('>');
}

/// <summary>A request as WeChat would send it to the push URL.</summary>
public sealed record TestPushRequest(string Method, IReadOnlyDictionary<string, string> Query, byte[] Body)
{
    public string QueryString => string.Join('&', Query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    public TestPushRequest WithQuery(string name, string? value)
    {
        var query = new Dictionary<string, string>(Query);
        if (value is null)
        {
            query.Remove(name);
        }
        else
        {
            query[name] = value;
        }

        return this with { Query = query };
    }

    public TestPushRequest WithBody(string body) => this with { Body = Encoding.UTF8.GetBytes(body) };
}

/// <summary>
/// Builds pushes the way WeChat does, signed with the Token and encrypted with the EncodingAESKey. Its own
/// implementation of WeChat's rules, written from the protocol description, independent of the app's code,
/// so that the tests do not check the app against itself.
/// </summary>
public sealed class TestPushBuilder(string token, string encodingAesKey, string appId, Func<DateTimeOffset> clock)
{
    public const string SimulatorToken = "simulator-push-token";
    public const string SimulatorEncodingAesKey = "TG9naXN0aWNzRnVuY3Rpb25zLXNpbXVsYXRvci1rZXk";
    public const string SimulatorAppId = "wx0123456789abcdef";

    /// <summary>
    /// What a receiver may answer (400) for a push encrypted with a key it does not hold: the plaintext is
    /// noise, so which check refuses it first depends on the random prefix (bad padding, most of the time).
    /// </summary>
    public static IReadOnlyList<string> WrongKeyProblems { get; } =
        ["Encrypt has invalid padding", "the decrypted message's length field exceeds the message", "the decrypted message is shorter than its header"];

    private int _nonce = 1000;

    public TestPushRequest Get(string echostr)
    {
        var (timestamp, nonce) = Stamp();
        return new TestPushRequest("GET", new Dictionary<string, string>
        {
            ["signature"] = Sign(token, timestamp, nonce),
            ["timestamp"] = timestamp,
            ["nonce"] = nonce,
            ["echostr"] = echostr,
        }, []);
    }

    public TestPushRequest Post(TestExpressPath update, TestPushMode mode, TestPushFormat format) =>
        Post(update.Serialize(format), mode, format, update);

    /// <summary>A POST carrying <paramref name="message"/> (already in <paramref name="format"/>) in <paramref name="mode"/>.</summary>
    public TestPushRequest Post(string message, TestPushMode mode, TestPushFormat format, TestExpressPath? plainFields = null, string? appIdInside = null)
    {
        var (timestamp, nonce) = Stamp();
        var query = new Dictionary<string, string>
        {
            ["signature"] = Sign(token, timestamp, nonce),
            ["timestamp"] = timestamp,
            ["nonce"] = nonce,
            ["openid"] = "oOPENID0123456789",
        };
        if (mode == TestPushMode.Plain)
        {
            return new TestPushRequest("POST", query, Encoding.UTF8.GetBytes(message));
        }

        var encrypt = Encrypt(message, appIdInside ?? appId);
        query["encrypt_type"] = "aes";
        query["msg_signature"] = Sign(token, timestamp, nonce, encrypt);
        return new TestPushRequest("POST", query, Encoding.UTF8.GetBytes(Envelope(encrypt, mode, format, plainFields)));
    }

    /// <summary>WeChat's envelope: safe mode carries only ToUserName and Encrypt; compatible mode the plain fields too.</summary>
    public static string Envelope(string encrypt, TestPushMode mode, TestPushFormat format, TestExpressPath? plainFields, string toUserName = "gh_0123456789ab")
    {
        if (format == TestPushFormat.Json)
        {
            var json = mode == TestPushMode.Compatible && plainFields is not null ? plainFields.ToJsonObject() : new JsonObject { ["ToUserName"] = toUserName };
            json["Encrypt"] = encrypt;
            return json.ToJsonString();
        }

        if (mode == TestPushMode.Compatible && plainFields is not null)
        {
            var xml = plainFields.ToXml();
            return xml.Insert(xml.Length - "</xml>".Length, $"<Encrypt><![CDATA[{encrypt}]]></Encrypt>");
        }

        return $"<xml><ToUserName><![CDATA[{toUserName}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
    }

    /// <summary>hex(sha1(concat(sort_ordinal(parts)))).</summary>
    public static string Sign(params string[] parts)
    {
        var sorted = parts.ToArray();
        Array.Sort(sorted, string.CompareOrdinal);
#pragma warning disable CA5350 // WeChat's protocol.
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted))));
#pragma warning restore CA5350
    }

    /// <summary>16 random bytes | length (big-endian) | message | appid, PKCS#7 to 32 bytes, AES-256-CBC, Base64.</summary>
    public string Encrypt(string message, string appIdInside, byte[]? random = null, int? lengthField = null, Func<int, byte[]>? pad = null)
    {
        var messageBytes = Encoding.UTF8.GetBytes(message);
        var appIdBytes = Encoding.UTF8.GetBytes(appIdInside);
        var content = new byte[16 + 4 + messageBytes.Length + appIdBytes.Length];
        (random ?? RandomNumberGenerator.GetBytes(16)).CopyTo(content, 0);
        BinaryPrimitives.WriteInt32BigEndian(content.AsSpan(16), lengthField ?? messageBytes.Length);
        messageBytes.CopyTo(content, 20);
        appIdBytes.CopyTo(content, 20 + messageBytes.Length);
        var padLength = 32 - (content.Length % 32);
        var padding = pad?.Invoke(padLength) ?? Enumerable.Repeat((byte)padLength, padLength).ToArray();
        return EncryptRaw([.. content, .. padding]);
    }

    /// <summary>AES-256-CBC of <paramref name="plaintext"/> as it is (a multiple of 16 bytes), Base64.</summary>
    public string EncryptRaw(byte[] plaintext)
    {
        var key = Convert.FromBase64String(encodingAesKey + "=");
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plaintext, key.AsSpan(0, 16), PaddingMode.None));
    }

    private (string Timestamp, string Nonce) Stamp() =>
        (clock().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
         Interlocked.Increment(ref _nonce).ToString(CultureInfo.InvariantCulture));
}
