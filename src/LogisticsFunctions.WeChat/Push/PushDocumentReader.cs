using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace LogisticsFunctions.WeChat.Push;

/// <summary>
/// Reads a push body (or a decrypted message) as XML or JSON, told apart by the first character, into a
/// <see cref="PushDocument"/>. XML is read with DTDs prohibited and no resolver, so no entity is expanded
/// and nothing is fetched; both formats are read in one pass without recursion and nest at most
/// <see cref="MaxDepth"/> levels. Errors are described in our words: parser messages can quote the body.
/// </summary>
public static class PushDocumentReader
{
    /// <summary>Nesting allowed in a push: the root, a list, a record, a value, with room for WeChat to add a level.</summary>
    public const int MaxDepth = 8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static PushDocument? Read(ReadOnlySpan<byte> body, out PushProblem? problem)
    {
        if (body.StartsWith(Encoding.UTF8.Preamble))
        {
            body = body[Encoding.UTF8.Preamble.Length..];
        }

        var start = body.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0)
        {
            problem = new(PushProblemKind.BodyMalformed, "the body is empty");
            return null;
        }

        switch (body[start])
        {
            case (byte)'<':
                return ReadXml(body, out problem);
            case (byte)'{':
                return ReadJson(body, out problem);
            default:
                problem = new(PushProblemKind.BodyMalformed, "the body is neither XML nor a JSON object");
                return null;
        }
    }

    private static PushDocument? ReadXml(ReadOnlySpan<byte> body, out PushProblem? problem)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            problem = new(PushProblemKind.BodyMalformed, "the body is not UTF-8");
            return null;
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = text.Length,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };
        var builder = new Builder(PushFormat.Xml);
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "xml")
            {
                problem = new(PushProblemKind.BodyMalformed, "the XML root element is not <xml>");
                return null;
            }

            if (reader.IsEmptyElement)
            {
                problem = null;
                return builder.Build();
            }

            // Depth 1: a message field; depth 2: a record's field (or the text of a field); deeper: ignored.
            string? field = null;
            string? subfield = null;
            StringBuilder? fieldText = null;
            StringBuilder? subfieldText = null;
            Dictionary<string, PushValue>? record = null;
            HashSet<string>? recordNames = null;
            var subfieldIsStructure = false;
            while (reader.Read())
            {
                if (reader.Depth > MaxDepth)
                {
                    problem = new(PushProblemKind.BodyMalformed, $"the XML nests deeper than {MaxDepth} levels");
                    return null;
                }

                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when reader.Depth == 1:
                        field = reader.LocalName;
                        fieldText = new StringBuilder();
                        record = null;
                        recordNames = null;
                        if (reader.IsEmptyElement && !builder.AddValue(field, new PushValue("", false), out problem))
                        {
                            return null;
                        }

                        break;
                    case XmlNodeType.Element when reader.Depth == 2:
                        record ??= new Dictionary<string, PushValue>(StringComparer.Ordinal);
                        recordNames ??= new HashSet<string>(StringComparer.Ordinal);
                        subfield = reader.LocalName;
                        // A structure in a record is ignored, but its name still counts: a second field of that name would be ambiguous.
                        if (!recordNames.Add(subfield))
                        {
                            problem = RepeatedInRecord(subfield);
                            return null;
                        }

                        subfieldText = new StringBuilder();
                        subfieldIsStructure = false;
                        if (reader.IsEmptyElement && !AddToRecord(record, subfield, "", out problem))
                        {
                            return null;
                        }

                        break;
                    case XmlNodeType.Element:
                        subfieldIsStructure = true;
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace when reader.Depth == 2:
                        fieldText!.Append(reader.Value);
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace when reader.Depth == 3:
                        subfieldText!.Append(reader.Value);
                        break;
                    case XmlNodeType.EndElement when reader.Depth == 2:
                        if (!subfieldIsStructure && !AddToRecord(record!, subfield!, subfieldText!.ToString(), out problem))
                        {
                            return null;
                        }

                        break;
                    case XmlNodeType.EndElement when reader.Depth == 1:
                        if (record is not null)
                        {
                            if (fieldText!.ToString().Trim().Length > 0)
                            {
                                problem = new(PushProblemKind.BodyMalformed, $"XML element <{LoggableName(field!)}> mixes text and elements");
                                return null;
                            }

                            if (!builder.AddRecord(field!, record, out problem))
                            {
                                return null;
                            }
                        }
                        else if (!builder.AddValue(field!, new PushValue(fieldText!.ToString(), false), out problem))
                        {
                            return null;
                        }

                        break;
                    default:
                        break;
                }
            }
        }
        catch (XmlException)
        {
            problem = new(PushProblemKind.BodyMalformed, "the body is not well-formed XML (DTDs and entities are refused)");
            return null;
        }

        problem = null;
        return builder.Build();
    }

    private static PushDocument? ReadJson(ReadOnlySpan<byte> body, out PushProblem? problem)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var builder = new Builder(PushFormat.Json);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problem = new(PushProblemKind.BodyMalformed, "the JSON body is not an object");
                return null;
            }

            // Every name counts, null and structures included: {"Version":null,"Version":5} is as ambiguous as any repeat.
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!names.Add(name))
                {
                    problem = Repeated(name);
                    return null;
                }

                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (reader.TokenType != JsonTokenType.StartObject)
                            {
                                reader.Skip();
                                continue;
                            }

                            if (!ReadJsonRecord(ref reader, name, builder, out problem))
                            {
                                return null;
                            }
                        }

                        // An empty array is still a list: "Actions": [] is no actions, not a missing field.
                        if (!builder.EnsureList(name, out problem))
                        {
                            return null;
                        }

                        break;
                    case JsonTokenType.StartObject:
                        if (!ReadJsonRecord(ref reader, name, builder, out problem))
                        {
                            return null;
                        }

                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        if (!builder.AddValue(name, JsonScalar(ref reader), out problem))
                        {
                            return null;
                        }

                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                problem = new(PushProblemKind.BodyMalformed, "the body is not a single JSON object");
                return null;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // GetString throws InvalidOperationException for a string that is not valid UTF-8.
            problem = new(PushProblemKind.BodyMalformed, $"the body is not valid JSON in UTF-8 (or nests deeper than {MaxDepth} levels)");
            return null;
        }

        problem = null;
        return builder.Build();
    }

    private static bool ReadJsonRecord(ref Utf8JsonReader reader, string name, Builder builder, out PushProblem? problem)
    {
        var record = new Dictionary<string, PushValue>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.GetString()!;
            if (!names.Add(field))
            {
                problem = RepeatedInRecord(field);
                return false;
            }

            reader.Read();
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.Null && !AddToRecord(record, field, JsonScalar(ref reader), out problem))
            {
                return false;
            }
        }

        return builder.AddRecord(name, record, out problem);
    }

    private static PushValue JsonScalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => new PushValue(reader.GetString()!, false),
        JsonTokenType.Number => new PushValue(Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan), true),
        JsonTokenType.True => new PushValue("true", false),
        _ => new PushValue("false", false),
    };

    private static bool AddToRecord(Dictionary<string, PushValue> record, string field, string text, out PushProblem? problem) =>
        AddToRecord(record, field, new PushValue(text, false), out problem);

    private static bool AddToRecord(Dictionary<string, PushValue> record, string field, PushValue value, out PushProblem? problem)
    {
        if (!record.TryAdd(field, value))
        {
            problem = RepeatedInRecord(field);
            return false;
        }

        problem = null;
        return true;
    }

    private static PushProblem Repeated(string name) => new(PushProblemKind.BodyMalformed, $"field {LoggableName(name)} appears more than once");

    private static PushProblem RepeatedInRecord(string name) => new(PushProblemKind.BodyMalformed, $"field {LoggableName(name)} appears twice in a record");

    /// <summary>A field name fit for a log line: WeChat's names are short ASCII words; anything else is not repeated.</summary>
    public static string LoggableName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? name : "(unnamed)";

    private sealed class Builder(PushFormat format)
    {
        private readonly Dictionary<string, PushValue> _values = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<IReadOnlyDictionary<string, PushValue>>> _lists = new(StringComparer.Ordinal);

        public bool AddValue(string name, PushValue value, out PushProblem? problem)
        {
            // A repeated field is ambiguous (which Version is the update?): refuse rather than pick one.
            if (_lists.ContainsKey(name) || !_values.TryAdd(name, value))
            {
                problem = Repeated(name);
                return false;
            }

            problem = null;
            return true;
        }

        public bool AddRecord(string name, Dictionary<string, PushValue> record, out PushProblem? problem)
        {
            if (!EnsureList(name, out problem))
            {
                return false;
            }

            _lists[name].Add(record);
            return true;
        }

        public bool EnsureList(string name, out PushProblem? problem)
        {
            if (_values.ContainsKey(name))
            {
                problem = new(PushProblemKind.BodyMalformed, $"field {LoggableName(name)} is both a value and a list");
                return false;
            }

            _lists.TryAdd(name, []);
            problem = null;
            return true;
        }

        public PushDocument Build() => new(format, _values, _lists);
    }
}
