using System.Text.Json;

namespace LogisticsFunctions.CloudCall.Schema;

/// <summary>A number within bounds (weights in kg, sizes in cm). The caller's digits are sent as written.</summary>
public sealed class NumberField(string description, double minimum, double maximum) : FieldSchema(description)
{
    public double Minimum { get; } = minimum;

    public double Maximum { get; } = maximum;

    internal override string Expected => "a number";

    internal override string? Read(ref Utf8JsonReader reader, Utf8JsonWriter writer, string path, out object? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return WrongType(ref reader, path);
        }

        if (!reader.TryGetDouble(out var number) || double.IsInfinity(number) || number < Minimum || number > Maximum)
        {
            return $"{path} must be between {Minimum} and {Maximum}";
        }

        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
        value = number;
        return null;
    }

    internal override void WriteJsonSchema(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "number"u8);
        writer.WriteString("description"u8, Description);
        writer.WriteNumber("minimum"u8, Minimum);
        writer.WriteNumber("maximum"u8, Maximum);
        writer.WriteEndObject();
    }
}
