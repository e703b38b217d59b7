namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>The encryption mode of the mini program's message push (消息推送), as set in the admin console.</summary>
public enum PushMode
{
    /// <summary>明文: the message as it is; only <c>signature</c> authenticates it.</summary>
    Plain,

    /// <summary>兼容: the plain members plus <c>Encrypt</c>, and <c>encrypt_type=aes</c> and <c>msg_signature</c> in the query.</summary>
    Compatible,

    /// <summary>安全: only <c>ToUserName</c> and <c>Encrypt</c>, with <c>encrypt_type=aes</c> and <c>msg_signature</c>.</summary>
    Safe,
}
