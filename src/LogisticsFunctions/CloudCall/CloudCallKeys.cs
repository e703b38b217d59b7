using System.Text;

namespace LogisticsFunctions.CloudCall;

/// <summary>
/// The key renaming wx-server-sdk applies to cloud calls (its <c>convertCase</c>): request keys
/// camelCase → snake_case, answer keys snake_case → camelCase. The rules are the SDK's, character for
/// character (the golden tests run them against the SDK's own output), so a key converted here is the
/// key a cloud function would have sent or seen.
/// </summary>
public static class CloudCallKeys
{
    /// <summary>
    /// Every capital ASCII letter becomes '_' plus its lower case, except at the very start, where it
    /// only becomes lower case: <c>orderId</c> → <c>order_id</c>, <c>OrderId</c> → <c>order_id</c>.
    /// A snake_case key has no capitals and comes through unchanged.
    /// </summary>
    public static string ToSnakeCase(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var capitals = 0;
        for (var i = 1; i < key.Length; i++)
        {
            if (char.IsAsciiLetterUpper(key[i]))
            {
                capitals++;
            }
        }

        if (capitals == 0 && (key.Length == 0 || !char.IsAsciiLetterUpper(key[0])))
        {
            return key;
        }

        return string.Create(key.Length + capitals, key, static (span, source) =>
        {
            var i = 0;
            for (var at = 0; at < source.Length; at++)
            {
                var c = source[at];
                if (!char.IsAsciiLetterUpper(c))
                {
                    span[i++] = c;
                    continue;
                }

                if (at > 0)
                {
                    span[i++] = '_';
                }

                span[i++] = char.ToLowerInvariant(c);
            }
        });
    }

    /// <summary>
    /// Every '_' followed by a lower-case ASCII letter becomes that letter upper-cased:
    /// <c>path_item_list</c> → <c>pathItemList</c>; <c>field_1</c> and a trailing '_' stay as they are.
    /// </summary>
    public static string ToCamelCase(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains('_', StringComparison.Ordinal))
        {
            return key;
        }

        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == '_' && i + 1 < key.Length && char.IsAsciiLetterLower(key[i + 1]))
            {
                builder.Append(char.ToUpperInvariant(key[i + 1]));
                i++;
            }
            else
            {
                builder.Append(key[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The UTF-8 form of <see cref="ToCamelCase(string)"/>, for the streaming converter: writes the
    /// converted key into <paramref name="destination"/> (at least as long as the key) and returns its
    /// length. '_' and ASCII letters are single bytes in UTF-8 and never occur inside a multi-byte
    /// sequence, so bytes can be rewritten one by one without decoding.
    /// </summary>
    public static int ToCamelCase(ReadOnlySpan<byte> utf8Key, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < utf8Key.Length; i++)
        {
            var b = utf8Key[i];
            if (b == (byte)'_' && i + 1 < utf8Key.Length && utf8Key[i + 1] is >= (byte)'a' and <= (byte)'z')
            {
                destination[written++] = (byte)(utf8Key[i + 1] - 32);
                i++;
            }
            else
            {
                destination[written++] = b;
            }
        }

        return written;
    }
}
