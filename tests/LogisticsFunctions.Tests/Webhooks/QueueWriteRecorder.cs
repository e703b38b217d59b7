using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Web;
using System.Xml.Linq;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LogisticsFunctions.Tests.Webhooks;

/// <summary>One queue message the app sent, as it went over the wire to Azurite: queue, visibility delay, time to live and text.</summary>
internal sealed record QueueWrite(string Queue, TimeSpan VisibilityTimeout, TimeSpan TimeToLive, string Text);

/// <summary>
/// A pipeline policy in the real Storage SDK's client that notes every Put Message request (the queue from the
/// path, <c>visibilitytimeout</c> and <c>messagettl</c> from the query, the message from the XML body, Base64
/// decoded) and passes it on to Azurite unchanged. It shows what a delayed message looks like while it is still
/// invisible to every reader.
/// </summary>
internal sealed class QueueWriteRecorder : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<QueueWrite> _writes = new();

    public IReadOnlyList<QueueWrite> Writes => [.. _writes];

    public IReadOnlyList<QueueWrite> To(string queue) => [.. _writes.Where(write => write.Queue == queue)];

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await RecordAsync(message);
        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The relay writes asynchronously.");

    private async Task RecordAsync(HttpMessage message)
    {
        var request = message.Request;
        var path = request.Uri.Path;
        if (request.Method != RequestMethod.Post || !path.EndsWith("/messages", StringComparison.Ordinal) || request.Content is null)
        {
            return;
        }

        using var body = new MemoryStream();
        await request.Content.WriteToAsync(body, message.CancellationToken);
        body.Position = 0;
        // XDocument.Load reads the byte order mark the SDK writes ahead of the XML.
        var text = XDocument.Load(body).Root!.Element("MessageText")!.Value;
        var query = HttpUtility.ParseQueryString(request.Uri.Query);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        _writes.Enqueue(new QueueWrite(
            segments[^2],
            TimeSpan.FromSeconds(int.Parse(query["visibilitytimeout"] ?? "0", CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(int.Parse(query["messagettl"] ?? "604800", CultureInfo.InvariantCulture)),
            Encoding.UTF8.GetString(Convert.FromBase64String(text))));
    }
}
