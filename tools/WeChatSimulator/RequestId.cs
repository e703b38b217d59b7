using System.Security.Cryptography;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// WeChat's <c>rid</c>, e.g. <c>6566c3b2-1a2b3c4d-5e6f7a8b</c>: the first part is the Unix time in hex, the rest random.
/// Clients log it for WeChat support; nothing may parse it.
/// </summary>
internal static class RequestId
{
    internal static string Next(TimeProvider timeProvider) =>
        $"{timeProvider.GetUtcNow().ToUnixTimeSeconds():x8}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
}
