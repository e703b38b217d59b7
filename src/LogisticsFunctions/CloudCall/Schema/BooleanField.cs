using System.Text.Json;

namespace LogisticsFunctions.CloudCall.Schema;

/// <summary>true or false: the function's own marks in an answer, such as addOrder's <c>recovered</c>.</summary>
public sealed class BooleanField(string description) : FieldSchema(description)
{
    internal override string Expected => "true or false";

    internal override string? Read(ref Utf8JsonReader reader, Utf8JsonWriter writer, string path, out object? value)
    {
        value = null;
        if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
        {
            return WrongType(ref reader, path);
        }

        value = reader.GetBoolean();
        writer.WriteBooleanValue((bool)value);
        return null;
    }

    internal override void WriteJsonSchema(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "boolean"u8);
        writer.WriteString("description"u8, Description);
        writer.WriteEndObject();
    }
}
