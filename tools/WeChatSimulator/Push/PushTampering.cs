namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>
/// What to get wrong in one push, so a receiver can be shown to refuse it. Everything else stays as WeChat sends it: a
/// stale timestamp, for instance, is signed correctly, so only the clock check can catch it.
/// </summary>
public sealed record PushTampering
{
    /// <summary>Nothing wrong.</summary>
    public static PushTampering None { get; } = new();

    /// <summary>The query's <c>signature</c> does not match (one hex digit changed).</summary>
    public bool WrongSignature { get; init; }

    /// <summary>The query's <c>msg_signature</c> does not match (encrypted modes).</summary>
    public bool WrongMsgSignature { get; init; }

    /// <summary>Shifts <c>timestamp</c> from the clock's now, e.g. minus ten minutes for a replay.</summary>
    public TimeSpan TimestampOffset { get; init; }

    /// <summary>The appid appended inside the encrypted message instead of the configured one.</summary>
    public string? AppId { get; init; }

    /// <summary>Breaks the encrypted message's padding.</summary>
    public PaddingTampering Padding { get; init; }
}
