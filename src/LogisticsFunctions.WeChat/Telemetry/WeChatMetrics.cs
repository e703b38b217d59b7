using System.Diagnostics.Metrics;
using LogisticsFunctions.WeChat.AccessTokens;

namespace LogisticsFunctions.WeChat.Telemetry;

/// <summary>
/// The WeChat library's instruments (meter <see cref="MeterName"/>), as docs/operations.md ("Metrics") lists
/// them. Every dimension is a fixed word or a known code: never an openid, a waybill, a token or a value from
/// a request. Made through <see cref="IMeterFactory"/>, so each service provider has its own meter and a test
/// observes one app's measurements only.
/// </summary>
public sealed class WeChatMetrics
{
    public const string MeterName = "LogisticsFunctions.WeChat";

    private readonly Histogram<double> _apiDuration;
    private readonly Counter<long> _tokenFetches;
    private readonly Counter<long> _tokenRefusals;
    private readonly Counter<long> _vaultReads;

    public WeChatMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _apiDuration = meter.CreateHistogram<double>(
            "wechat.api.duration", "ms", "One HTTP attempt at a WeChat API, by path under cgi-bin and outcome (ok, errcode, failure)");
        _tokenFetches = meter.CreateCounter<long>(
            "wechat.access_token.fetches", description: "Requests to stable_token, by why they were made (cold, refresh_ahead, refusal) and what came back");
        _tokenRefusals = meter.CreateCounter<long>(
            "wechat.access_token.refusals", description: "Access tokens WeChat refused on a call (40001, 42001, 40014)");
        _vaultReads = meter.CreateCounter<long>(
            "wechat.key_vault.reads", description: "Reads of a secret from Key Vault, by secret role and outcome");
    }

    /// <summary>One attempt at <paramref name="api"/> ended: <see cref="ApiOutcome"/> says how.</summary>
    internal void ApiAttempted(Http.WeChatApi api, string outcome, TimeSpan elapsed) =>
        _apiDuration.Record(elapsed.TotalMilliseconds, new("api", api.MetricName), new("outcome", outcome));

    /// <summary>One request to stable_token for <paramref name="reason"/> ended with <paramref name="outcome"/> (<see cref="TokenFetchOutcome"/>).</summary>
    internal void AccessTokenFetched(FetchReason reason, string outcome) =>
        _tokenFetches.Add(1, new("reason", TokenFetchOutcome.ReasonOf(reason)), new("outcome", outcome));

    /// <summary>WeChat refused the access token a call carried, with <paramref name="errCode"/> (40001, 42001 or 40014).</summary>
    internal void AccessTokenRefused(int errCode) =>
        _tokenRefusals.Add(1, new KeyValuePair<string, object?>("errcode", ErrCodeText.Of(errCode)));

    /// <summary>
    /// One read of a secret from the vault, by <paramref name="secret"/> role (<see cref="SecretRole"/>) and
    /// outcome: <c>ok</c> without <paramref name="failure"/>, else what <see cref="VaultReadOutcome.Of"/> makes of it.
    /// </summary>
    internal void SecretRead(string secret, Exception? failure) =>
        _vaultReads.Add(1, new("secret", secret), new("outcome", failure is null ? VaultReadOutcome.Ok : VaultReadOutcome.Of(failure)));
}
