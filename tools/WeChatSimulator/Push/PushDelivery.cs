namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>One message pushed: exactly what was sent, and every try, in order.</summary>
/// <param name="Url">The target with the query WeChat adds (signature, timestamp, nonce, openid, and in the encrypted modes encrypt_type and msg_signature).</param>
/// <param name="ContentType">The request's content type.</param>
/// <param name="Body">The request body as sent.</param>
/// <param name="Attempts">Every try: one when the first was accepted, up to <see cref="PushOptions.Attempts"/> otherwise.</param>
public sealed record PushDelivery(Uri Url, string ContentType, string Body, IReadOnlyList<PushAttempt> Attempts)
{
    /// <summary>Whether the last try was accepted.</summary>
    public bool Delivered => Attempts.Count > 0 && Attempts[^1].Accepted;
}
