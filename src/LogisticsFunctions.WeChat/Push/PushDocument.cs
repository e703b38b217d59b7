namespace LogisticsFunctions.WeChat.Push;

/// <summary>A value as a push carried it: text, and whether JSON gave it as a number.</summary>
public readonly record struct PushValue(string Text, bool IsJsonNumber);

/// <summary>
/// A push message or envelope reduced to what WeChat sends, whatever its format: named values at the top
/// (<c>ToUserName</c>, <c>Encrypt</c>, <c>Version</c>…) and named lists of records (<c>Actions</c>, a
/// repeated element in XML, an array in JSON). Structures deeper than a record's values are ignored.
/// </summary>
public sealed class PushDocument
{
    private readonly Dictionary<string, PushValue> _values;
    private readonly Dictionary<string, List<IReadOnlyDictionary<string, PushValue>>> _lists;

    internal PushDocument(
        PushFormat format,
        Dictionary<string, PushValue> values,
        Dictionary<string, List<IReadOnlyDictionary<string, PushValue>>> lists)
    {
        Format = format;
        _values = values;
        _lists = lists;
    }

    public PushFormat Format { get; }

    /// <summary>The value named <paramref name="name"/> (WeChat's names are case-sensitive), or null when absent.</summary>
    public PushValue? Value(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>The records named <paramref name="name"/>; empty when there are none.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, PushValue>> List(string name) =>
        _lists.TryGetValue(name, out var list) ? list : [];

    /// <summary>Whether <paramref name="name"/> was given as a list of records (so it is not a plain value).</summary>
    public bool HasList(string name) => _lists.ContainsKey(name);
}

/// <summary>The data format chosen in WeChat's console.</summary>
public enum PushFormat
{
    Xml,
    Json,
}
