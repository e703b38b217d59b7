namespace LogisticsFunctions.WeChat.Push;

/// <summary>
/// What verifies and opens a push: the message-push Token and EncodingAESKey from WeChat's console, and
/// during a key rotation the previous key, still accepted until WeChat has switched.
/// </summary>
public sealed record PushCredentials(string Token, PushEncodingAesKey CurrentKey, PushEncodingAesKey? PreviousKey)
{
    // The record's generated ToString would print the Token.
    public override string ToString() => "PushCredentials(redacted)";
}
