namespace LogisticsFunctions.WeChat.Http;

/// <summary>Why a WeChat call produced no usable answer.</summary>
public enum WeChatFailure
{
    /// <summary>WeChat could not be reached, answered with an HTTP error, or sent something that is not its JSON.</summary>
    Unavailable,

    /// <summary>WeChat did not answer in time.</summary>
    Timeout,

    /// <summary>WeChat answered with an errcode that stops the call (a refused secret, IP or token, a quota).</summary>
    Refused,

    /// <summary>WeChat's gateway answered HTTP 429: wait for <see cref="WeChatException.RetryAfter"/> before calling again.</summary>
    Throttled,
}
