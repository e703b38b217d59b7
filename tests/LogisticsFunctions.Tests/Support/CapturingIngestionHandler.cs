using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;

namespace LogisticsFunctions.Tests.Support;

/// <summary>
/// The end of the real Azure Monitor exporter's pipeline (its transport): every body it would POST to ingestion,
/// kept as text (unzipped) instead of sent, each answered as ingestion answers a batch it accepted whole.
/// </summary>
internal sealed class CapturingIngestionHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<string> _bodies = new();

    public string WireText => string.Join('\n', _bodies);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var bytes = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        if (request.Content?.Headers.ContentEncoding.Contains("gzip") == true)
        {
            await using var unzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await unzip.CopyToAsync(plain, cancellationToken);
            bytes = plain.ToArray();
        }

        var text = Encoding.UTF8.GetString(bytes);
        _bodies.Enqueue(text);
        var items = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent($$"""{"itemsReceived":{{items}},"itemsAccepted":{{items}},"errors":[]}""", Encoding.UTF8, "application/json"),
        };
    }
}
