namespace LogisticsFunctions.WeChat.Push;

/// <summary>
/// What verifies and opens a push: the message-push Token and EncodingAESKey from WeChat's console and,
/// while a rotation is under way, the previous ones, each accepted until its end. <see cref="CurrentKey"/>
/// is null when no EncodingAESKey is configured, which only plain mode allows.
/// </summary>
public sealed class PushCredentials(string token, PushEncodingAesKey? currentKey)
{
    public string Token { get; } = token ?? throw new ArgumentNullException(nameof(token));

    public PushEncodingAesKey? CurrentKey { get; } = currentKey;

    /// <summary>The Token before the last change, accepted until <see cref="PreviousTokenUntil"/>.</summary>
    public string? PreviousToken { get; init; }

    public DateTimeOffset PreviousTokenUntil { get; init; }

    /// <summary>The EncodingAESKey before the last change, accepted until <see cref="PreviousKeyUntil"/> (for good when null).</summary>
    public PushEncodingAesKey? PreviousKey { get; init; }

    public DateTimeOffset? PreviousKeyUntil { get; init; }

    /// <summary>The previous Token when it is still accepted at <paramref name="now"/>.</summary>
    public string? PreviousTokenAt(DateTimeOffset now) => PreviousToken is not null && now < PreviousTokenUntil ? PreviousToken : null;

    /// <summary>The previous key when it is still accepted at <paramref name="now"/>.</summary>
    public PushEncodingAesKey? PreviousKeyAt(DateTimeOffset now) =>
        PreviousKey is not null && (PreviousKeyUntil is not { } until || now < until) ? PreviousKey : null;

    /// <summary>The Token <paramref name="use"/> names.</summary>
    public string TokenFor(PushSecretUse use) =>
        use == PushSecretUse.Current ? Token : PreviousToken ?? throw new InvalidOperationException("There is no previous Token.");

    // The generated or default ToString would print the Token.
    public override string ToString() => "PushCredentials(redacted)";
}

/// <summary>Which of the credentials' Tokens (or keys) verified (or opened) a push.</summary>
public enum PushSecretUse
{
    Current,

    /// <summary>The one before the last rotation, still accepted for a while.</summary>
    Previous,
}
