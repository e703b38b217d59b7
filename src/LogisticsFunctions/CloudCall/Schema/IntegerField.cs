using System.Text.Json;

namespace LogisticsFunctions.CloudCall.Schema;

/// <summary>
/// A whole number within bounds (unix times, counts, enum codes). <c>1.0</c> is accepted as 1, as JavaScript sees it.
/// The OpenAPI document says int32 when the bounds fit in 32 bits and int64 otherwise; long's own bounds are no bounds.
/// </summary>
public sealed class IntegerField(string description, long minimum = 0, long maximum = uint.MaxValue) : FieldSchema(description)
{
    public long Minimum { get; } = minimum;

    public long Maximum { get; } = maximum;

    internal override string Expected => "an integer";

    internal override string? Read(ref Utf8JsonReader reader, Utf8JsonWriter writer, string path, out object? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return WrongType(ref reader, path);
        }

        if (!reader.TryGetInt64(out var number))
        {
            if (!reader.TryGetDouble(out var real) || real != Math.Floor(real) || real is < long.MinValue or > long.MaxValue)
            {
                return $"{path} must be {Expected}";
            }

            number = (long)real;
        }

        if (number < Minimum || number > Maximum)
        {
            return $"{path} must be between {Minimum} and {Maximum}";
        }

        writer.WriteNumberValue(number);
        value = number;
        return null;
    }

    internal override void WriteJsonSchema(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "integer"u8);
        // Generators read an integer without a format as 32 bits: a range past that must say int64, or a client
        // throws on the first large value (a quota of 3000000000, a unix time after 2038).
        writer.WriteString("format"u8, Minimum >= int.MinValue && Maximum <= int.MaxValue ? "int32"u8 : "int64"u8);
        writer.WriteString("description"u8, Description);
        if (Minimum != long.MinValue)
        {
            writer.WriteNumber("minimum"u8, Minimum);
        }

        if (Maximum != long.MaxValue)
        {
            writer.WriteNumber("maximum"u8, Maximum);
        }

        writer.WriteEndObject();
    }
}
