using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LogisticsFunctions.WeChat.Push;

/// <summary>
/// Opens the <c>Encrypt</c> value of a push in compatible and safe modes: Base64 → AES-256-CBC with the
/// EncodingAESKey and its first 16 bytes as IV → PKCS#7 padding to 32-byte blocks →
/// 16 random bytes | message length (4 bytes, big-endian) | message | appid.
/// </summary>
public static class PushMessageCipher
{
    /// <summary>WeChat pads to 32 bytes, not AES's 16: pad values run 1–32.</summary>
    private const int PadBlock = 32;
    private const int RandomBytes = 16;
    private const int LengthBytes = 4;
    private const int AesBlock = 16;

    /// <summary>
    /// The message inside <paramref name="encrypt"/> when it decrypts with <paramref name="key"/> and names
    /// <paramref name="expectedAppId"/>; otherwise null and the problem.
    /// </summary>
    public static byte[]? Decrypt(string encrypt, PushEncodingAesKey key, string expectedAppId, out PushProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(encrypt);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(expectedAppId);

        var ciphertext = new byte[(encrypt.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64String(encrypt, ciphertext, out var length))
        {
            problem = new(PushProblemKind.EncryptionInvalid, "Encrypt is not Base64");
            return null;
        }

        if (length == 0 || length % AesBlock != 0)
        {
            problem = new(PushProblemKind.EncryptionInvalid, "Encrypt is not a whole number of AES blocks");
            return null;
        }

        byte[] plaintext;
        using (var aes = Aes.Create())
        {
            // SetKey copies the key into the algorithm, which clears it on dispose; no other copy is made.
            aes.SetKey(key.Key);
            // .NET's PKCS7 mode accepts pads of 1–16 only; WeChat's run to 32, so the padding is checked below.
            plaintext = aes.DecryptCbc(ciphertext.AsSpan(0, length), key.InitializationVector, PaddingMode.None);
        }

        try
        {
            return Unwrap(plaintext, expectedAppId, out problem);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[]? Unwrap(ReadOnlySpan<byte> plaintext, string expectedAppId, out PushProblem? problem)
    {
        // Unpad by the last byte, and every pad byte must carry the same value: searching for the
        // padding, or trusting the last byte alone, is how other implementations went wrong.
        int pad = plaintext[^1];
        if (pad is < 1 or > PadBlock || pad > plaintext.Length || plaintext[^pad..].ContainsAnyExcept((byte)pad))
        {
            problem = new(PushProblemKind.EncryptionInvalid, "Encrypt has invalid padding (wrong EncodingAESKey?)");
            return null;
        }

        var content = plaintext[..^pad];
        if (content.Length < RandomBytes + LengthBytes)
        {
            problem = new(PushProblemKind.EncryptionInvalid, "the decrypted message is shorter than its header");
            return null;
        }

        var messageLength = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(RandomBytes, LengthBytes));
        var afterHeader = content[(RandomBytes + LengthBytes)..];
        if (messageLength > (uint)afterHeader.Length)
        {
            problem = new(PushProblemKind.EncryptionInvalid, "the decrypted message's length field exceeds the message");
            return null;
        }

        var message = afterHeader[..(int)messageLength];
        var appId = afterHeader[(int)messageLength..];
        if (!appId.SequenceEqual(Encoding.UTF8.GetBytes(expectedAppId)))
        {
            problem = new(PushProblemKind.AppIdMismatch, "the decrypted message is for another appid");
            return null;
        }

        problem = null;
        return message.ToArray();
    }
}
