namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>The data format of the message push, as set in the admin console.</summary>
public enum PushFormat
{
    /// <summary>XML, WeChat's default: <c>&lt;xml&gt;…&lt;/xml&gt;</c>, text in CDATA, arrays as repeated elements.</summary>
    Xml,

    /// <summary>JSON: one object, arrays as arrays.</summary>
    Json,
}
