namespace LogisticsFunctions.Tests.Webhooks;

/// <summary>A <see cref="Random"/> whose every draw is <paramref name="value"/>: the retry jitter made predictable.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
