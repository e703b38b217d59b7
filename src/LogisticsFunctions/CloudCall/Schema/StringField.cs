using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LogisticsFunctions.CloudCall.Schema;

/// <summary>
/// A string. Limits are in bytes of UTF-8, the unit WeChat's documentation uses; an answer's strings have
/// none (<paramref name="maxBytes"/> null: WeChat writes them, and a label's print_html runs to tens of
/// kilobytes). An identifier (ids, openids, codes) must not be blank, start or end with white space, or
/// hold control characters; text (names, addresses, remarks) may hold line breaks and may be empty unless
/// required to be otherwise.
/// </summary>
public sealed class StringField(string description, int? maxBytes, bool identifier = true) : FieldSchema(description)
{
    public int? MaxBytes { get; } = maxBytes;

    public bool IsIdentifier { get; } = identifier;

    /// <summary>When set, the only values accepted (e.g. <c>bind</c>, <c>unbind</c>).</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>When set, the value must match it in full; <see cref="PatternDescription"/> says so in words.</summary>
    public Regex? Pattern { get; init; }

    public string? PatternDescription { get; init; }

    internal override string Expected => "a string";

    internal override string? Read(ref Utf8JsonReader reader, Utf8JsonWriter writer, string path, out object? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(ref reader, path);
        }

        var text = reader.GetString()!;
        var error = Check(text, path);
        if (error is not null)
        {
            return error;
        }

        writer.WriteStringValue(text);
        value = text;
        return null;
    }

    private string? Check(string text, string path)
    {
        if (AllowedValues is { } allowed)
        {
            return allowed.Contains(text, StringComparer.Ordinal) ? null : $"{path} must be {Words(allowed)}";
        }

        if (IsIdentifier && string.IsNullOrWhiteSpace(text))
        {
            return $"{path} must not be blank";
        }

        if (MaxBytes is { } maxBytes && Encoding.UTF8.GetByteCount(text) > maxBytes)
        {
            return $"{path} is longer than {maxBytes} bytes";
        }

        if (HasControlCharacters(text.AsSpan(), allowLineBreaks: !IsIdentifier))
        {
            return $"{path} must not contain control characters";
        }

        if (IsIdentifier && text.Trim().Length != text.Length)
        {
            return $"{path} must not start or end with white space";
        }

        if (Pattern is { } pattern && !pattern.IsMatch(text))
        {
            return $"{path} must be {PatternDescription}";
        }

        return null;
    }

    private static bool HasControlCharacters(ReadOnlySpan<char> text, bool allowLineBreaks)
    {
        foreach (var c in text)
        {
            if ((c < ' ' && !(allowLineBreaks && c is '\n' or '\r' or '\t')) || c is >= '\u007f' and <= '\u009f')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"'a'", "'a' or 'b'", "'a', 'b' or 'c'": values in quotes; names without (<paramref name="quoted"/> false).</summary>
    internal static string Words(IReadOnlyList<string> values, string conjunction = "or", bool quoted = true)
    {
        var items = quoted ? values.Select(v => $"'{v}'").ToList() : [.. values];
        return items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} {conjunction} {items[^1]}";
    }

    internal override void WriteJsonSchema(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "string"u8);
        writer.WriteString("description"u8, Description);
        if (AllowedValues is { } allowed)
        {
            writer.WriteStartArray("enum"u8);
            foreach (var v in allowed)
            {
                writer.WriteStringValue(v);
            }

            writer.WriteEndArray();
        }
        else
        {
            if (IsIdentifier)
            {
                writer.WriteNumber("minLength"u8, 1);
            }

            if (MaxBytes is { } maxBytes)
            {
                // JSON Schema counts characters; the byte limit is the stricter rule and is stated in words.
                writer.WriteNumber("maxLength"u8, maxBytes);
                writer.WriteNumber("x-maxBytes"u8, maxBytes);
            }

            if (Pattern is { } pattern)
            {
                writer.WriteString("pattern"u8, pattern.ToString());
            }
        }

        writer.WriteEndObject();
    }
}
