using System.Diagnostics.Metrics;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.Push;
using LogisticsFunctions.WeChat.Telemetry;

namespace LogisticsFunctions.Telemetry;

/// <summary>
/// The Functions app's instruments (meter <see cref="MeterName"/>), as docs/operations.md ("Metrics") lists them.
/// Every dimension is a fixed word, a method name or a known errcode: never an openid, a waybill, an order id,
/// a token or a value from a request. Made through <see cref="IMeterFactory"/>, so each service provider has
/// its own meter and a test observes one app's measurements only.
/// </summary>
public sealed class LogisticsMetrics
{
    public const string MeterName = "LogisticsFunctions";

    private const string None = "none";

    private readonly Counter<long> _cloudCalls;
    private readonly Counter<long> _pushes;
    private readonly Counter<long> _relayDeliveries;
    private readonly Histogram<int> _relayAttempts;
    private readonly Histogram<double> _relayEventAge;

    public LogisticsMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _cloudCalls = meter.CreateCounter<long>(
            "logistics.cloud_calls", description: "Cloud calls answered, by method, outcome and WeChat's errcode");
        _pushes = meter.CreateCounter<long>(
            "logistics.pushes", description: "WeChat's message pushes answered, by outcome, reason and the receiver's mode");
        _relayDeliveries = meter.CreateCounter<long>(
            "logistics.relay.deliveries", description: "Webhook delivery attempts, by what became of the event and the backend's answer");
        _relayAttempts = meter.CreateHistogram<int>(
            "logistics.relay.attempts", "{attempt}", "Attempts an event took, by how it ended (delivered, dead_lettered)");
        _relayEventAge = meter.CreateHistogram<double>(
            "logistics.relay.event_age", "s", "Seconds from an event's first queueing to its delivery");
    }

    /// <summary>A cloud call of <paramref name="method"/> was answered; <paramref name="weChatErrCode"/> when WeChat gave one.</summary>
    internal void CloudCallAnswered(CloudCallMethod method, string outcome, int? weChatErrCode = null) =>
        _cloudCalls.Add(
            1,
            new("method", method.Name),
            new("outcome", outcome),
            new("errcode", weChatErrCode is { } code ? ErrCodeText.Of(code) : None));

    /// <summary>The push receiver answered WeChat; the answer carries its outcome and reason.</summary>
    internal void PushAnswered(PushAnswer answer, string mode) =>
        _pushes.Add(1, new("outcome", answer.Outcome), new("reason", answer.Reason ?? None), new("mode", mode));

    /// <summary>One webhook attempt was handed on: <paramref name="outcome"/> delivered, retried or dead_lettered.</summary>
    internal void RelayAttempted(string outcome, string status) =>
        _relayDeliveries.Add(1, new("outcome", outcome), new("status", status));

    /// <summary>An event's delivery ended (delivered or dead-lettered) after <paramref name="attempts"/>; a delivered one after <paramref name="age"/>.</summary>
    internal void RelayEnded(string outcome, int attempts, TimeSpan? age)
    {
        _relayAttempts.Record(attempts, new KeyValuePair<string, object?>("outcome", outcome));
        if (age is { } waited)
        {
            _relayEventAge.Record(waited.TotalSeconds);
        }
    }
}
