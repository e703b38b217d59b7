namespace LogisticsFunctions.Webhooks;

/// <summary>
/// When to try again after a failed attempt: the Standard Webhooks specification's example schedule (immediately,
/// then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h after each failure: ten attempts over about
/// 75 hours), each delay varied by up to ±10 % (in whole seconds) so that events failed together do not return together. A
/// <c>Retry-After</c> from the backend is a floor, up to <see cref="MaxRetryAfter"/>.
/// </summary>
public sealed class WebhookRetrySchedule(Random random)
{
    /// <summary>The delay after the first, second, … failed attempt.</summary>
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(14),
        TimeSpan.FromHours(20),
        TimeSpan.FromHours(24),
    ];

    /// <summary>How far a delay is varied, as a fraction of it, either way.</summary>
    public const double Jitter = 0.1;

    /// <summary>The longest <c>Retry-After</c> honoured: the schedule's own longest step (a queue message may hide for at most 7 days).</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(24);

    /// <summary>Attempts in all, the first included; the last failure is dead-lettered.</summary>
    public static int MaxAttempts => Delays.Count + 1;

    /// <summary>The wait before the next attempt after <paramref name="attemptsMade"/> attempts, or null when none is left.</summary>
    public TimeSpan? DelayAfter(int attemptsMade, TimeSpan? retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attemptsMade);
        if (attemptsMade >= MaxAttempts)
        {
            return null;
        }

        var step = Delays[attemptsMade - 1];
        // NextDouble is in [0, 1): the factor in [1 - Jitter, 1 + Jitter). Whole seconds, the queue's own unit for a
        // message's visibility, so the delay written is the delay computed (the 5 s step stays 5 s).
        var jittered = TimeSpan.FromSeconds(Math.Round(step.TotalSeconds * (1 + (Jitter * ((2 * random.NextDouble()) - 1))), MidpointRounding.AwayFromZero));
        return retryAfter is { } floor && floor > jittered ? (floor < MaxRetryAfter ? floor : MaxRetryAfter) : jittered;
    }
}
