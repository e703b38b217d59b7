using System.Text.Json;

namespace LogisticsFunctions.CloudCall.Schema;

/// <summary>
/// The type and limits of one value of a cloud-call request or answer, declared once: the request
/// reader checks a caller's value against it and writes it in WeChat's form, and the OpenAPI document
/// describes it. A schema holds no state; one instance serves every request.
/// </summary>
public abstract class FieldSchema(string description)
{
    /// <summary>What the value means, in the caller's words (also the OpenAPI description).</summary>
    public string Description { get; } = description;

    /// <summary>
    /// Checks the value the reader is on (not null: the object reader handles null) and writes it as
    /// WeChat wants it. Returns the caller's error, naming <paramref name="path"/>, or null.
    /// <paramref name="value"/> receives what an object rule may need to look at: the string, the
    /// integer, or an array's length.
    /// </summary>
    internal abstract string? Read(ref Utf8JsonReader reader, Utf8JsonWriter writer, string path, out object? value);

    /// <summary>Writes this value's JSON Schema (OpenAPI 3.1), property names in the cloud call's camelCase.</summary>
    internal abstract void WriteJsonSchema(Utf8JsonWriter writer);

    /// <summary>The JSON type word for messages: "a string", "an integer".</summary>
    internal abstract string Expected { get; }

    /// <summary>An error for a value of the wrong JSON type, after skipping it so the reader stays in step.</summary>
    private protected string WrongType(ref Utf8JsonReader reader, string path)
    {
        reader.Skip();
        return $"{path} must be {Expected}";
    }
}
