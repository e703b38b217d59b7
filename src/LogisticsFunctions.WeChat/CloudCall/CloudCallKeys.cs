using System.Text;

namespace LogisticsFunctions.WeChat.CloudCall;

/// <summary>
/// The key renaming wx-server-sdk applies to cloud calls: request keys camelCase → snake_case,
/// answer keys snake_case → camelCase. The rules are the SDK's, character for character, so an
/// answer converted here is the answer a cloud function would have seen.
/// </summary>
public static class CloudCallKeys
{
    /// <summary>Every capital ASCII letter becomes '_' plus its lower case: <c>orderId</c> → <c>order_id</c>.</summary>
    public static string ToSnakeCase(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var capitals = 0;
        foreach (var c in key)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                capitals++;
            }
        }

        if (capitals == 0)
        {
            return key;
        }

        return string.Create(key.Length + capitals, key, static (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
            {
                if (char.IsAsciiLetterUpper(c))
                {
                    span[i++] = '_';
                    span[i++] = char.ToLowerInvariant(c);
                }
                else
                {
                    span[i++] = c;
                }
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
    /// converted key into <paramref name="destination"/> and returns its length. '_' and ASCII letters
    /// are single bytes in UTF-8 and never occur inside a multi-byte sequence, so bytes can be rewritten
    /// one by one without decoding.
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

    /// <summary>Whether <paramref name="utf8Key"/> has anything <see cref="ToCamelCase(ReadOnlySpan{byte}, Span{byte})"/> would change.</summary>
    public static bool NeedsCamelCase(ReadOnlySpan<byte> utf8Key)
    {
        var underscore = utf8Key.IndexOf((byte)'_');
        while (underscore >= 0 && underscore + 1 < utf8Key.Length)
        {
            if (utf8Key[underscore + 1] is >= (byte)'a' and <= (byte)'z')
            {
                return true;
            }

            var next = utf8Key[(underscore + 1)..].IndexOf((byte)'_');
            underscore = next < 0 ? -1 : underscore + 1 + next;
        }

        return false;
    }
}
