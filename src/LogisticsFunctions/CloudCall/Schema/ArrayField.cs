using System.Globalization;
using System.Text.Json;

namespace LogisticsFunctions.CloudCall.Schema;

/// <summary>A list of values of one schema, with a bounded length (an answer's lists have no upper bound: null).</summary>
public sealed class ArrayField(string description, FieldSchema items, int minItems, int? maxItems) : FieldSchema(description)
{
    public FieldSchema Items { get; } = items;

    public int MinItems { get; } = minItems;

    public int? MaxItems { get; } = maxItems;

    internal override string Expected => "an array";

    internal override string? Read(ref Utf8JsonReader reader, Utf8JsonWriter writer, string path, out object? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return WrongType(ref reader, path);
        }

        writer.WriteStartArray();
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == MaxItems)
            {
                return $"{path} has more than {MaxItems} items";
            }

            var itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{count}]");
            if (reader.TokenType == JsonTokenType.Null)
            {
                return $"{itemPath} must not be null";
            }

            var error = Items.Read(ref reader, writer, itemPath, out _);
            if (error is not null)
            {
                return error;
            }

            count++;
        }

        if (count < MinItems)
        {
            return $"{path} must have at least {MinItems} item{(MinItems == 1 ? "" : "s")}";
        }

        writer.WriteEndArray();
        value = count;
        return null;
    }

    internal override void WriteJsonSchema(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "array"u8);
        writer.WriteString("description"u8, Description);
        writer.WritePropertyName("items"u8);
        Items.WriteJsonSchema(writer);
        writer.WriteNumber("minItems"u8, MinItems);
        if (MaxItems is { } maxItems)
        {
            writer.WriteNumber("maxItems"u8, maxItems);
        }

        writer.WriteEndObject();
    }
}
