using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>
/// WeChat's push signatures: the parts sorted by ordinal comparison, joined without a separator, SHA-1, lower-case hex.
/// <c>signature</c> signs Token, timestamp and nonce; <c>msg_signature</c> adds the <c>Encrypt</c> text.
/// </summary>
public static class PushSignature
{
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "WeChat's push protocol defines its signatures as SHA-1; the simulator must produce exactly those.")]
    public static string Compute(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var sorted = parts.Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted))));
    }
}
