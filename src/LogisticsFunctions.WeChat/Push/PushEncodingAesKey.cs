using System.Diagnostics.CodeAnalysis;

namespace LogisticsFunctions.WeChat.Push;

/// <summary>
/// The message-push EncodingAESKey: 43 characters in WeChat's console, the Base64 text of a 32-byte
/// AES-256 key without its trailing <c>=</c>. The key bytes never appear in <see cref="ToString"/>.
/// </summary>
public sealed class PushEncodingAesKey : IEquatable<PushEncodingAesKey>
{
    /// <summary>The length WeChat's console gives every EncodingAESKey.</summary>
    public const int TextLength = 43;

    private const int KeyBytes = 32;

    private readonly byte[] _key;

    private PushEncodingAesKey(byte[] key) => _key = key;

    /// <summary>The AES-256 key.</summary>
    internal ReadOnlySpan<byte> Key => _key;

    /// <summary>WeChat's IV: the key's first 16 bytes.</summary>
    internal ReadOnlySpan<byte> InitializationVector => _key.AsSpan(0, 16);

    /// <summary>Reads an EncodingAESKey as WeChat's console shows it; false for anything else (the reason is not said, so the value never is).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PushEncodingAesKey? key)
    {
        key = null;
        if (text is null || text.Length != TextLength || !text.All(IsBase64Character))
        {
            return false;
        }

        var bytes = new byte[KeyBytes + 1];
        if (!Convert.TryFromBase64String(text + "=", bytes, out var written) || written != KeyBytes)
        {
            return false;
        }

        key = new PushEncodingAesKey(bytes[..KeyBytes]);
        return true;
    }

    public bool Equals(PushEncodingAesKey? other) => other is not null && _key.AsSpan().SequenceEqual(other._key);

    public override bool Equals(object? obj) => Equals(obj as PushEncodingAesKey);

    // HashCode is seeded per process: no key bits can be read back from it.
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_key);
        return hash.ToHashCode();
    }

    public override string ToString() => "PushEncodingAesKey(redacted)";

    private static bool IsBase64Character(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/';
}
