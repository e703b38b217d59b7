namespace LogisticsFunctions.WeChat.Push;

/// <summary>The query parameters WeChat adds to every push and to the URL-verification GET.</summary>
public sealed record PushQuery
{
    public string? Signature { get; init; }

    public string? Timestamp { get; init; }

    public string? Nonce { get; init; }

    /// <summary>Only on the URL-verification GET: the text to answer with.</summary>
    public string? EchoStr { get; init; }

    /// <summary><c>aes</c> in compatible and safe modes.</summary>
    public string? EncryptType { get; init; }

    /// <summary>In compatible and safe modes: the signature that covers the body's <c>Encrypt</c>.</summary>
    public string? MsgSignature { get; init; }

    /// <summary>Reads the parameters by WeChat's names from <paramref name="lookup"/> (a query string accessor).</summary>
    public static PushQuery From(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return new PushQuery
        {
            Signature = lookup("signature"),
            Timestamp = lookup("timestamp"),
            Nonce = lookup("nonce"),
            EchoStr = lookup("echostr"),
            EncryptType = lookup("encrypt_type"),
            MsgSignature = lookup("msg_signature"),
        };
    }
}
