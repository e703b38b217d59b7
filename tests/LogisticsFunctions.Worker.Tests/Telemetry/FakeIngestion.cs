using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using LogisticsFunctions.Tests.Fakes;
using Microsoft.AspNetCore.Http;

namespace LogisticsFunctions.Worker.Tests.Telemetry;

/// <summary>
/// Application Insights' ingestion endpoint on https://127.0.0.1: what a connection string's <c>IngestionEndpoint</c>
/// names, and where both of the worker's exporters POST their items (<c>/v2/track</c>, <c>/v2.1/track</c>: newline-
/// separated JSON, gzipped or not). Every item is kept decoded with the <c>Authorization</c> it came with, and every
/// POST is answered as ingestion answers one it accepted whole. Anything else is answered 404.
/// </summary>
internal sealed class FakeIngestion : IAsyncDisposable
{
    private readonly ConcurrentQueue<IngestedItem> _items = new();
    private readonly LoopbackServer _server;

    private FakeIngestion(LoopbackServer server, X509Certificate2 certificate)
    {
        _server = server;
        Certificate = certificate;
    }

    /// <summary>The certificate the endpoint serves; the worker must trust it (<c>SSL_CERT_FILE</c>).</summary>
    public X509Certificate2 Certificate { get; }

    public string InstrumentationKey { get; } = Guid.NewGuid().ToString();

    /// <summary>The connection string a component with this endpoint has (live metrics pointed here too, never elsewhere).</summary>
    public string ConnectionString => string.Create(
        CultureInfo.InvariantCulture,
        $"InstrumentationKey={InstrumentationKey};IngestionEndpoint=https://127.0.0.1:{_server.Port}/;LiveEndpoint=https://127.0.0.1:{_server.Port}/");

    /// <summary>Every item received, in order.</summary>
    public IReadOnlyList<IngestedItem> Items => [.. _items];

    /// <summary>Everything received, as text: for checks that nothing secret was sent.</summary>
    public string Text => string.Join('\n', _items.Select(item => item.Json.ToJsonString()));

    public static async Task<FakeIngestion> StartAsync()
    {
        var certificate = LoopbackCertificate.Create();
        FakeIngestion? ingestion = null;
        var server = await LoopbackServer.StartAsync(0, certificate, context => ingestion!.HandleAsync(context), CancellationToken.None);
        ingestion = new FakeIngestion(server, certificate);
        return ingestion;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.Path.Value!.EndsWith("/track", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        body.Position = 0;
        var gzipped = string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        using var reader = new StreamReader(gzipped ? new GZipStream(body, CompressionMode.Decompress) : body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        var received = 0;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            _items.Enqueue(new IngestedItem(request.Path.Value, request.Headers.Authorization.ToString(), JsonNode.Parse(line)!.AsObject()));
            received++;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            string.Create(CultureInfo.InvariantCulture, $$"""{"itemsReceived":{{received}},"itemsAccepted":{{received}},"errors":[]}"""),
            context.RequestAborted);
    }
}

/// <summary>One telemetry item as ingestion received it, with the path and <c>Authorization</c> of its POST.</summary>
internal sealed record IngestedItem(string Path, string Authorization, JsonObject Json)
{
    /// <summary>The item's <c>data.baseType</c>: MetricData, RemoteDependencyData, MessageData, …</summary>
    public string? BaseType => (string?)Json["data"]?["baseType"];

    /// <summary>For a MetricData item: each metric's name with the item's properties (what customMetrics / AppMetrics hold).</summary>
    public IEnumerable<(string Name, IReadOnlyDictionary<string, string> Properties)> Metrics()
    {
        if (BaseType != "MetricData")
        {
            yield break;
        }

        var data = Json["data"]!["baseData"]!;
        var properties = (data["properties"] as JsonObject ?? [])
            .ToDictionary(property => property.Key, property => (string?)property.Value ?? "", StringComparer.Ordinal);
        foreach (var metric in data["metrics"]!.AsArray())
        {
            yield return ((string)metric!["name"]!, properties);
        }
    }
}
