using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>
/// Encrypts a message as WeChat's message push does: AES-256-CBC with the key from the EncodingAESKey and the key's first
/// 16 bytes as IV, over 16 random bytes | the message's length (4 bytes, big-endian) | the message (UTF-8) | the appid,
/// padded PKCS#7-style to a 32-byte block (pads of 1 to 32), the result in base64. Written from WeChat's description,
/// independently of the Functions app's decryptor, so each checks the other.
/// </summary>
public sealed class PushCryptor
{
    private const int Block = 32;
    private const int RandomLength = 16;

    private readonly byte[] key;
    private readonly string appId;

    public PushCryptor(string encodingAesKey, string appId)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        key = KeyFrom(encodingAesKey);
        this.appId = appId;
    }

    /// <summary>The AES key: base64 of the 43-character EncodingAESKey plus <c>=</c>, which must be 32 bytes.</summary>
    public static byte[] KeyFrom(string encodingAesKey)
    {
        if (encodingAesKey is not { Length: 43 })
        {
            throw new ArgumentException("The EncodingAESKey must be 43 characters long.", nameof(encodingAesKey));
        }

        try
        {
            var bytes = Convert.FromBase64String(encodingAesKey + "=");
            return bytes.Length == 32 ? bytes : throw new ArgumentException("The EncodingAESKey must encode 32 bytes.", nameof(encodingAesKey));
        }
        catch (FormatException)
        {
            throw new ArgumentException("The EncodingAESKey must be base64 (A-Z, a-z, 0-9, + and /).", nameof(encodingAesKey));
        }
    }

    /// <summary>The <c>Encrypt</c> text for <paramref name="message"/>, with fresh random bytes.</summary>
    public string Encrypt(string message) => Encrypt(message, RandomNumberGenerator.GetBytes(RandomLength));

    /// <summary>
    /// The <c>Encrypt</c> text with the given 16 random bytes (fixed ones reproduce Tencent's sample), optionally with
    /// another appid or broken padding for negative tests.
    /// </summary>
    public string Encrypt(string message, ReadOnlySpan<byte> random, string? appIdOverride = null, PaddingTampering padding = PaddingTampering.None)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (random.Length != RandomLength)
        {
            throw new ArgumentException("WeChat prefixes exactly 16 random bytes.", nameof(random));
        }

        var body = Encoding.UTF8.GetBytes(message);
        var tail = Encoding.UTF8.GetBytes(appIdOverride ?? appId);
        var length = RandomLength + 4 + body.Length + tail.Length;
        var pad = Block - (length % Block);
        var plain = new byte[length + pad];
        random.CopyTo(plain);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(RandomLength), body.Length);
        body.CopyTo(plain, RandomLength + 4);
        tail.CopyTo(plain, RandomLength + 4 + body.Length);
        plain.AsSpan(length).Fill((byte)pad);
        Tamper(plain, pad, padding);

        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, key.AsSpan(0, 16), PaddingMode.None));
    }

    private static void Tamper(byte[] plain, int pad, PaddingTampering padding)
    {
        switch (padding)
        {
            case PaddingTampering.None:
                break;
            case PaddingTampering.ZeroPad:
                plain[^1] = 0;
                break;
            case PaddingTampering.OversizedPad:
                plain[^1] = Block + 1;
                break;
            case PaddingTampering.MismatchedPad when pad > 1:
                plain[^pad] = (byte)(pad - 1);
                break;
            case PaddingTampering.MismatchedPad:
                // A one-byte pad cannot disagree with itself: claim two, the first of which is the appid's last byte.
                plain[^1] = 2;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(padding), padding, null);
        }
    }
}
