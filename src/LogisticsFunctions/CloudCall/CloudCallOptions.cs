namespace LogisticsFunctions.CloudCall;

/// <summary>The cloud-call contract's settings, bound from the <c>CloudCall</c> section (<c>CloudCall__RequestTimeout</c>).</summary>
public sealed class CloudCallOptions
{
    public const string SectionName = "CloudCall";

    /// <summary>
    /// The deadline of one request, everything included: reading the secret from the vault, fetching the
    /// token, WeChat's call and its retry after a refused token. Past it the caller gets 504 -604102 (424
    /// for a write whose outcome it leaves unknown). 8 s by default: the answer must reach the caller before
    /// common client stacks give up on an attempt (10 s in Microsoft.Extensions.Http.Resilience's standard
    /// handler), or a client retries a write the function is still waiting on.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(8);
}
