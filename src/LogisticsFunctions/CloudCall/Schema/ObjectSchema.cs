using System.Text.Json;

namespace LogisticsFunctions.CloudCall.Schema;

/// <summary>
/// An object with declared members. A member is found under any spelling that the cloud call's
/// camel → snake rule turns into its wire name (so <c>orderId</c>, <c>order_id</c> and <c>OrderId</c>
/// all mean <c>order_id</c>, as they do for a cloud function); the same member given twice, in one
/// spelling or two, and a member not declared are refused by name. A null optional member counts as
/// absent and is not sent; an empty optional string is sent as it is and counts as absent to the rule,
/// which checks what depends on more than one member.
/// </summary>
public sealed class ObjectSchema(string description, IReadOnlyList<Member> properties, Func<ObjectFields, string?>? rule = null)
    : FieldSchema(description)
{
    // Longest member name echoed back in an error: enough for any typo, too short to reflect a payload.
    private const int MaxEchoedNameLength = 64;

    public IReadOnlyList<Member> Properties { get; } = properties;

    /// <summary>
    /// Whether members beyond the declared ones may appear: never in a request (a typo must not pass
    /// unnoticed), always in an answer (WeChat may add fields, and they come through converted).
    /// </summary>
    public bool IsOpen { get; init; }

    internal override string Expected => "an object";

    internal override string? Read(ref Utf8JsonReader reader, Utf8JsonWriter writer, string path, out object? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return WrongType(ref reader, path);
        }

        var spellings = new string?[Properties.Count];
        // Only a rule looks at the values; without one, nothing keeps them.
        var values = rule is null ? null : new object?[Properties.Count];
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = Find(ref reader, out var spelling);
            if (index < 0)
            {
                reader.Read();
                reader.Skip();
                return Unknown(spelling, path);
            }

            var property = Properties[index];
            if (spellings[index] is { } first)
            {
                reader.Read();
                reader.Skip();
                return first == spelling
                    ? $"{Join(path, spelling)} is given more than once"
                    : $"{Join(path, first)} and {Join(path, spelling)} are the same parameter ({property.WireName}): give it once";
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                // JavaScript callers write null for "not given"; the cloud call leaves such a member out.
                if (property.Required)
                {
                    return $"{Join(path, spelling)} is required";
                }

                continue;
            }

            spellings[index] = spelling;
            writer.WritePropertyName(property.EncodedWireName);
            if (!property.Required && property.Schema is StringField && reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty)
            {
                // An empty optional string (a JD account's password, a Go struct without omitempty) goes to WeChat as
                // the cloud call sends it; rules count it as not given.
                writer.WriteStringValue(""u8);
                if (values is not null)
                {
                    values[index] = "";
                }

                continue;
            }

            var error = property.Schema.Read(ref reader, writer, Join(path, spelling), out var memberValue);
            if (values is not null)
            {
                values[index] = memberValue;
            }

            if (error is not null)
            {
                return error;
            }
        }

        for (var i = 0; i < Properties.Count; i++)
        {
            if (Properties[i].Required && spellings[i] is null)
            {
                return $"{Join(path, Properties[i].CloudName)} is required";
            }
        }

        if (rule is not null && rule(new ObjectFields(Properties, values!, spellings, path)) is { } broken)
        {
            return broken;
        }

        writer.WriteEndObject();
        return null;
    }

    // The member the reader's property name means, or -1; spelling receives the name as the caller wrote it.
    private int Find(ref Utf8JsonReader reader, out string spelling)
    {
        if (!reader.ValueIsEscaped)
        {
            for (var i = 0; i < Properties.Count; i++)
            {
                if (reader.ValueSpan.SequenceEqual(Properties[i].CloudNameUtf8) || reader.ValueSpan.SequenceEqual(Properties[i].WireNameUtf8))
                {
                    spelling = reader.ValueSpan.SequenceEqual(Properties[i].CloudNameUtf8) ? Properties[i].CloudName : Properties[i].WireName;
                    return i;
                }
            }
        }

        spelling = reader.GetString()!;
        var snake = CloudCallKeys.ToSnakeCase(spelling);
        for (var i = 0; i < Properties.Count; i++)
        {
            if (Properties[i].WireName == snake)
            {
                return i;
            }
        }

        return -1;
    }

    private string Unknown(string name, string path)
    {
        var expected = Properties.Count == 0
            ? "this call takes no parameters"
            : $"expected {StringField.Words([.. Properties.Select(p => p.CloudName)], quoted: false)}";
        var where = path.Length == 0 ? "" : $" in {path}";
        // Echo the name only when it is short and plain: it helps with a typo like "orderID" and cannot
        // be used to bounce arbitrary text back through our answer.
        var printable = name.Length is > 0 and <= MaxEchoedNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');
        return printable ? $"unknown field '{name}'{where}: {expected}" : $"unknown field{where}: {expected}";
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    internal override void WriteJsonSchema(Utf8JsonWriter writer) => WriteJsonSchema(writer, Description, extraMembers: null, extraRequired: []);

    /// <summary>This object's schema with more members after the declared ones (a success's errMsg and errCode).</summary>
    internal void WriteJsonSchema(Utf8JsonWriter writer, string description, Action<Utf8JsonWriter>? extraMembers, IReadOnlyList<string> extraRequired)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "object"u8);
        writer.WriteString("description"u8, description);
        writer.WriteStartObject("properties"u8);
        foreach (var member in Properties)
        {
            writer.WritePropertyName(member.CloudName);
            member.Schema.WriteJsonSchema(writer);
        }

        extraMembers?.Invoke(writer);
        writer.WriteEndObject();
        var required = Properties.Where(p => p.Required).Select(p => p.CloudName).Concat(extraRequired).ToList();
        if (required.Count > 0)
        {
            writer.WriteStartArray("required"u8);
            foreach (var name in required)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        writer.WriteBoolean("additionalProperties"u8, IsOpen);
        writer.WriteEndObject();
    }
}
