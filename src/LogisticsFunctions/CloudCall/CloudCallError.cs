using System.Net;
using LogisticsFunctions.WeChat;

namespace LogisticsFunctions.CloudCall;

/// <summary>
/// A failed cloud call as the caller sees it: <c>{"errCode":…,"errMsg":"openapi.logistics.getPath:fail …"}</c>
/// with the HTTP status that tells a client whether to fix its request, wait, or retry.
/// </summary>
/// <param name="Status">The HTTP status of the answer.</param>
/// <param name="ErrCode">WeChat's errcode, or one of the cloud platform's negative codes for failures on our side.</param>
/// <param name="Reason">What went wrong, in words for the caller; never a secret, token or request body.</param>
/// <param name="RetryAfter">When set, sent as the Retry-After header.</param>
public sealed record CloudCallError(HttpStatusCode Status, int ErrCode, string Reason, TimeSpan? RetryAfter = null)
{
    /// <summary>The cloud platform's "system error": a failure inside the function.</summary>
    public const int SystemError = -601001;

    /// <summary>The cloud platform's "call open API timeout".</summary>
    public const int OpenApiTimeout = -604102;

    /// <summary>The cloud platform's "call open API system error": WeChat could not be reached or answered garbage.</summary>
    public const int OpenApiSystemError = -604103;

    /// <summary>
    /// WeChat's own error answer, when there is one: its fields other than errcode and errmsg (such as
    /// addOrder's <c>delivery_resultcode</c> and <c>delivery_resultmsg</c>) are kept in the answer, converted.
    /// </summary>
    public ReadOnlyMemory<byte> WeChatAnswer { get; init; }

    /// <summary>The errMsg of the answer: <c>{apiName}:fail {reason}</c>, as the cloud call writes it.</summary>
    public string ErrMsg(string apiName) => $"{apiName}:fail {Reason}";

    /// <summary>The request is not what the contract asks for; WeChat's own "data format error" code.</summary>
    public static CloudCallError InvalidRequest(string reason) =>
        new(HttpStatusCode.BadRequest, WeChatErrorCodes.DataFormatError, reason);
}
