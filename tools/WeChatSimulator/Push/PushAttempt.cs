namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>One try at delivering a push, as WeChat saw it.</summary>
/// <param name="StatusCode">The receiver's HTTP status, or null when no answer came (timeout, refused connection, reset).</param>
/// <param name="ResponseBody">The receiver's answer body, or null when no answer came.</param>
/// <param name="Duration">From sending to the answer or the failure, on the push's clock.</param>
/// <param name="Failure">Why no answer came (<c>timeout</c>, or the transport's error), or null.</param>
public sealed record PushAttempt(int? StatusCode, string? ResponseBody, TimeSpan Duration, string? Failure)
{
    /// <summary>WeChat counts a push as delivered only on HTTP 200 with <c>success</c> or an empty body.</summary>
    public bool Accepted => StatusCode == 200 && ResponseBody is "" or "success";
}
