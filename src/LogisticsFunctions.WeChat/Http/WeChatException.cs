namespace LogisticsFunctions.WeChat.Http;

/// <summary>
/// The one exception the WeChat client throws: a transport failure, a timeout, or an errcode that
/// ends the call before the business answer (e.g. stable_token refusing the secret). Errcodes on the
/// business call itself are not exceptions: they come back in-band on <see cref="WeChatResponse"/>.
/// The message is safe to show: it never holds the secret, a token or a body.
/// </summary>
public sealed class WeChatException : Exception
{
    public WeChatException(WeChatFailure failure, string message, int? errCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        ErrCode = errCode;
    }

    public WeChatException()
        : this(WeChatFailure.Unavailable, "WeChat call failed.")
    {
    }

    public WeChatException(string message)
        : this(WeChatFailure.Unavailable, message)
    {
    }

    public WeChatException(string message, Exception innerException)
        : this(WeChatFailure.Unavailable, message, null, innerException)
    {
    }

    public WeChatFailure Failure { get; }

    /// <summary>WeChat's errcode when <see cref="Failure"/> is <see cref="WeChatFailure.Refused"/>.</summary>
    public int? ErrCode { get; }

    /// <summary>Whether trying again soon may succeed (used by the retry predicate of reads).</summary>
    public bool IsTransient { get; init; }

    /// <summary>
    /// A write was sent and no answer says what WeChat did with it (a timeout, a reset, an HTTP 5xx, a
    /// broken answer): WeChat may or may not have acted. Never set for reads, nor for a write that
    /// provably never left (no connection could be made).
    /// </summary>
    public bool OutcomeUnknown { get; init; }

    /// <summary>How long WeChat asked us to wait, when it said (HTTP 429 with Retry-After).</summary>
    public TimeSpan? RetryAfter { get; init; }
}
