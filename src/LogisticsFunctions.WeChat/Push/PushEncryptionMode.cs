namespace LogisticsFunctions.WeChat.Push;

/// <summary>
/// The message-push encryption mode the receiver is set to (<c>WeChat__PushMode</c>), in the words of WeChat's
/// console (消息加密方式). Safe and compatible take only encrypted pushes with a valid <c>msg_signature</c>;
/// plain also takes unencrypted ones, whose body nothing authenticates.
/// </summary>
public enum PushEncryptionMode
{
    /// <summary>安全模式: only <c>Encrypt</c>.</summary>
    Safe,

    /// <summary>兼容模式: <c>Encrypt</c> beside the plain fields, which are ignored.</summary>
    Compatible,

    /// <summary>明文模式: the message in clear, authenticated by nothing in the body.</summary>
    Plain,
}
