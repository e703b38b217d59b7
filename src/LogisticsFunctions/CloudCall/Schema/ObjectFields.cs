namespace LogisticsFunctions.CloudCall.Schema;

/// <summary>What an object rule sees of the object just read: which members were given and their plain values.</summary>
public sealed class ObjectFields(IReadOnlyList<Member> properties, object?[] values, string?[] spellings, string path)
{
    /// <summary>Whether the member with this wire name was given: not null, and not an empty string.</summary>
    public bool Has(string wireName)
    {
        var index = IndexOf(wireName);
        return spellings[index] is not null && values[index] is not "";
    }

    /// <summary>The member's string (empty when given empty), integer (long) or array length (int), or null when not given.</summary>
    public object? Value(string wireName) => values[IndexOf(wireName)];

    /// <summary>The member's name in messages: as the caller spelled it, else in camelCase, with its path.</summary>
    public string Name(string wireName)
    {
        var index = IndexOf(wireName);
        var name = spellings[index] ?? properties[index].CloudName;
        return path.Length == 0 ? name : $"{path}.{name}";
    }

    private int IndexOf(string wireName)
    {
        for (var i = 0; i < properties.Count; i++)
        {
            if (properties[i].WireName == wireName)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(wireName), wireName, "not a member of this object");
    }
}
