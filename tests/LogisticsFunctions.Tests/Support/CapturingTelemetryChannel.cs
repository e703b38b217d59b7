using System.Collections.Concurrent;
using System.Text;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.Extensibility.Implementation;

namespace LogisticsFunctions.Tests.Support;

/// <summary>
/// The end of the real Application Insights pipeline: every item that would be sent to the ingestion
/// endpoint, after the app's initializers and processors, kept instead of sent. <see cref="WireText"/>
/// is what the SDK would put on the wire (its own serializer, uncompressed).
/// </summary>
internal sealed class CapturingTelemetryChannel : ITelemetryChannel
{
    private readonly ConcurrentQueue<ITelemetry> _items = new();

    public IReadOnlyCollection<ITelemetry> Items => _items;

    public bool? DeveloperMode { get; set; }

    public string? EndpointAddress { get; set; }

    public string WireText => Encoding.UTF8.GetString(JsonSerializer.Serialize([.. _items], compress: false));

    public void Send(ITelemetry item) => _items.Enqueue(item);

    public void Flush()
    {
    }

    public void Dispose()
    {
    }
}
