using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>
/// The receiving side of push.md, written here on its own (System.Security.Cryptography only, nothing of the simulator),
/// so the simulator's signing and encryption are checked against a second reading of WeChat's rules.
/// </summary>
internal static class IndependentPushCrypto
{
    /// <summary>hex(sha1(join(sort_ordinal(parts)))).</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "WeChat's signatures are SHA-1.")]
    public static string Signature(params string[] parts)
    {
        var sorted = parts.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Join(string.Empty, sorted))));
    }

    /// <summary>
    /// AES-256-CBC with no padding mode (PKCS7 in .NET stops at 16), IV = key[0..16]; then the pad by the last byte, every
    /// pad byte checked; then 16 random bytes, the big-endian length, the message and the appid.
    /// </summary>
    public static Decrypted Decrypt(string encodingAesKey, string encrypt)
    {
        var key = Convert.FromBase64String(encodingAesKey + "=");
        using var aes = Aes.Create();
        aes.Key = key;
        var plain = aes.DecryptCbc(Convert.FromBase64String(encrypt), key[..16], PaddingMode.None);
        var pad = plain[^1];
        var padIsValid = pad is >= 1 and <= 32 && plain.AsSpan(plain.Length - pad).IndexOfAnyExcept(pad) < 0;
        if (!padIsValid)
        {
            return new Decrypted(null, null, pad, PadIsValid: false, plain.Length);
        }

        var content = plain.AsSpan(0, plain.Length - pad);
        var length = BinaryPrimitives.ReadInt32BigEndian(content[16..]);
        var message = Encoding.UTF8.GetString(content.Slice(20, length));
        var appId = Encoding.UTF8.GetString(content[(20 + length)..]);
        return new Decrypted(message, appId, pad, PadIsValid: true, plain.Length);
    }
}

internal sealed record Decrypted(string? Message, string? AppId, int Pad, bool PadIsValid, int PlainLength);
