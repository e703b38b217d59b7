namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>
/// Where and how the simulator pushes like WeChat: the message-push settings of the mini program's admin console (URL,
/// Token, EncodingAESKey, mode, format), its AppId and original id, and how WeChat delivers. The defaults are those of
/// a local run against the Functions app.
/// </summary>
public sealed class PushOptions
{
    /// <summary>The URL WeChat posts to; the local Functions app's receiver by default.</summary>
    public Uri TargetUrl { get; init; } = new("http://127.0.0.1:7071/api/logistics/push");

    /// <summary>The Token both sides sign with.</summary>
    public string Token { get; init; } = "simulator-push-token";

    /// <summary>The 43-character EncodingAESKey: base64 of the 32-byte AES key without its trailing <c>=</c>.</summary>
    public string EncodingAesKey { get; init; } = "TG9naXN0aWNzRnVuY3Rpb25zLXNpbXVsYXRvci1rZXk";

    /// <summary>The mini program's AppId, appended inside every encrypted message.</summary>
    public string AppId { get; init; } = "wx0123456789abcdef";

    /// <summary>The mini program's original id (<c>gh_…</c>): every message's <c>ToUserName</c>.</summary>
    public string ToUserName { get; init; } = "gh_0123456789ab";

    /// <summary>Plain, compatible or safe; safe by default, as production should run.</summary>
    public PushMode Mode { get; init; } = PushMode.Safe;

    /// <summary>XML (WeChat's default) or JSON.</summary>
    public PushFormat Format { get; init; } = PushFormat.Xml;

    /// <summary>How long WeChat waits for <c>success</c> before it drops the connection: 5 seconds.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Tries in all for one message: WeChat's three.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>
    /// The pause before trying again. WeChat documents the three tries, not a pause; one second keeps a local run's
    /// retries visible in the receiver's log without slowing tests much.
    /// </summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When set, the tries after the first start at these offsets from the first try's start, whatever became of
    /// the tries before them (<see cref="Attempts"/> and <see cref="RetryDelay"/> are then not used): WeChat's own
    /// schedule is <see cref="WeChatRetrySchedule"/>.
    /// </summary>
    public IReadOnlyList<TimeSpan>? RetryAt { get; init; }

    /// <summary>WeChat's retries: 5, 10 and 15 s after the first try, each waited for 5 s.</summary>
    public static IReadOnlyList<TimeSpan> WeChatRetrySchedule { get; } = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15)];

    /// <summary>Tries in all, by <see cref="RetryAt"/> when it is set, else <see cref="Attempts"/>.</summary>
    internal int Tries => RetryAt is { } schedule ? schedule.Count + 1 : Attempts;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (TargetUrl is null || !TargetUrl.IsAbsoluteUri || (TargetUrl.Scheme != Uri.UriSchemeHttp && TargetUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The push TargetUrl must be an absolute http or https URL.", nameof(TargetUrl));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(Token, nameof(Token));
        ArgumentException.ThrowIfNullOrWhiteSpace(AppId, nameof(AppId));
        ArgumentException.ThrowIfNullOrWhiteSpace(ToUserName, nameof(ToUserName));
        _ = PushCryptor.KeyFrom(EncodingAesKey);
        if (!Enum.IsDefined(Mode) || !Enum.IsDefined(Format))
        {
            throw new ArgumentException("The push Mode and Format must be one of their named values.", nameof(Mode));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AttemptTimeout, TimeSpan.Zero, nameof(AttemptTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(Attempts, 1, nameof(Attempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        if (RetryAt is { } schedule && (schedule.Any(offset => offset <= TimeSpan.Zero) || !schedule.SequenceEqual(schedule.Order())))
        {
            throw new ArgumentException("The push RetryAt offsets must be positive and in ascending order.", nameof(RetryAt));
        }
    }
}
