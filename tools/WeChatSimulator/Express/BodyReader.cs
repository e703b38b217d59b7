using System.Text;
using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// Reads a request's members the way WeChat checks them: a missing required member, a JSON null where one is required or
/// a value of the wrong kind is 47001; a string longer than its limit in UTF-8 bytes is 9300526. Reading goes on after a
/// failure so a caller can read a whole body and ask once; the first format failure wins over any length failure.
/// </summary>
internal sealed class BodyReader
{
    private WeChatError? formatFailure;
    private WeChatError? lengthFailure;

    /// <summary>What to answer, or <see langword="null"/> when every member read so far was fine.</summary>
    public WeChatError? Failure => formatFailure ?? lengthFailure;

    /// <summary>A string member; a required one must not be empty. Absent or null optional members give null.</summary>
    public string? String(JsonElement obj, string name, bool required, int maxBytes = int.MaxValue)
    {
        if (Member(obj, name, required, JsonValueKind.String) is not { } member)
        {
            return null;
        }

        var value = member.GetString()!;
        if (required && value.Length == 0)
        {
            FailFormat();
            return null;
        }

        if (Encoding.UTF8.GetByteCount(value) > maxBytes)
        {
            lengthFailure ??= ExpressErrors.FieldTooLong;
        }

        return value;
    }

    /// <summary>A whole-number member.</summary>
    public long? Integer(JsonElement obj, string name, bool required)
    {
        if (Member(obj, name, required, JsonValueKind.Number) is not { } member)
        {
            return null;
        }

        if (member.TryGetInt64(out var value))
        {
            return value;
        }

        FailFormat();
        return null;
    }

    /// <summary>A number member, fractions allowed (weights and sizes).</summary>
    public double? Number(JsonElement obj, string name, bool required) =>
        Member(obj, name, required, JsonValueKind.Number)?.GetDouble();

    /// <summary>An object member.</summary>
    public JsonElement? Object(JsonElement obj, string name, bool required) => Member(obj, name, required, JsonValueKind.Object);

    /// <summary>An array member.</summary>
    public JsonElement? Array(JsonElement obj, string name, bool required) => Member(obj, name, required, JsonValueKind.Array);

    /// <summary>Records a format failure found by a rule across members (e.g. neither tel nor mobile).</summary>
    public void FailFormat() => formatFailure ??= ExpressErrors.DataFormat;

    private JsonElement? Member(JsonElement obj, string name, bool required, JsonValueKind kind)
    {
        if (!obj.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                FailFormat();
            }

            return null;
        }

        if (member.ValueKind != kind)
        {
            FailFormat();
            return null;
        }

        return member;
    }
}
