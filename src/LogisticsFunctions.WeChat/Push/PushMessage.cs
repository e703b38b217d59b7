namespace LogisticsFunctions.WeChat.Push;

/// <summary>How the push reached us: the encryption mode set in WeChat's console.</summary>
public enum PushMode
{
    /// <summary>明文: the message in the body, authenticated by <c>signature</c> only (which does not cover the body).</summary>
    Plain,

    /// <summary>兼容 or 安全: the message in <c>Encrypt</c>, authenticated by <c>msg_signature</c>.</summary>
    Encrypted,
}

/// <summary>An authenticated push: the message (decrypted when it was encrypted), how it came and which key opened it.</summary>
public sealed record PushMessage(PushMode Mode, PushDocument Envelope, PushDocument Message)
{
    /// <summary>The EncodingAESKey that opened an encrypted push: the previous one during a rotation.</summary>
    public PushSecretUse Key { get; init; }

    public string? MsgType => Message.Value("MsgType")?.Text;

    public string? Event => Message.Value("Event")?.Text;

    /// <summary>Whether this is the <c>add_express_path</c> event (other events are acknowledged, not delivered).</summary>
    public bool IsExpressPath => MsgType == ExpressPathEvent.MsgTypeValue && Event == ExpressPathEvent.EventValue;
}
