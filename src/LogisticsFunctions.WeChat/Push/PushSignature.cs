using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace LogisticsFunctions.WeChat.Push;

/// <summary>
/// WeChat's message-push signatures: <c>hex(sha1(join(sort_ordinal(parts))))</c>, where the parts are
/// Token, timestamp and nonce for <c>signature</c>, plus the <c>Encrypt</c> value for <c>msg_signature</c>.
/// </summary>
public static class PushSignature
{
    private const int Sha1Bytes = 20;

    /// <summary>The lower-case hex signature of <paramref name="parts"/>, as WeChat sends it.</summary>
    public static string Compute(params ReadOnlySpan<string> parts)
    {
        Span<byte> hash = stackalloc byte[Sha1Bytes];
        Hash(parts, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Whether <paramref name="given"/> is the signature of <paramref name="parts"/>, compared in constant
    /// time so that a caller cannot learn the expected value byte by byte from response times.
    /// Hex case is ignored; anything that is not 40 hex digits never matches.
    /// </summary>
    public static bool Matches(string? given, params ReadOnlySpan<string> parts)
    {
        Span<byte> expected = stackalloc byte[Sha1Bytes];
        Hash(parts, expected);
        Span<byte> actual = stackalloc byte[Sha1Bytes];
        if (given is null || given.Length != Sha1Bytes * 2
            || Convert.FromHexString(given, actual, out _, out var written) != OperationStatus.Done || written != Sha1Bytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static void Hash(ReadOnlySpan<string> parts, Span<byte> destination)
    {
        var sorted = parts.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var maxBytes = 0;
        foreach (var part in sorted)
        {
            maxBytes += Encoding.UTF8.GetMaxByteCount(part.Length);
        }

        // The parts are encoded one after the other into the buffer, never joined into a string first: a
        // joined string would be one more copy of the Token on the heap that nothing can clear.
        var bytes = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            // One encoder across the parts encodes them exactly as their concatenation would be.
            var encoder = Encoding.UTF8.GetEncoder();
            var length = 0;
            for (var i = 0; i < sorted.Length; i++)
            {
                length += encoder.GetBytes(sorted[i], bytes.AsSpan(length), flush: i == sorted.Length - 1);
            }

#pragma warning disable CA5350 // WeChat's protocol fixes SHA-1 here; it is WeChat's choice, not ours.
            SHA1.HashData(bytes.AsSpan(0, length), destination);
#pragma warning restore CA5350
        }
        finally
        {
            // The buffer held the Token: cleared before the shared pool hands it to any other code.
            ArrayPool<byte>.Shared.Return(bytes, clearArray: true);
        }
    }
}
