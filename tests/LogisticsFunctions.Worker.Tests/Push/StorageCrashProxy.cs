using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using LogisticsFunctions.Tests.Push;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Worker.Tests.Push;

/// <summary>A step of one delivery, as the storage requests it is made of.</summary>
public enum DeliveryStep
{
    /// <summary>The marker blob was created (<c>If-None-Match: *</c>), but its answer never reached the worker.</summary>
    AfterTheClaim,

    /// <summary>The worker holds the claim and sends the message: the send never reaches the queue.</summary>
    BeforeTheSend,

    /// <summary>The message is on the queue, but the answer never reached the worker: the marker still says claimed.</summary>
    AfterTheSend,

    /// <summary>The marker says queued, but its answer never reached the worker, which never answers WeChat.</summary>
    AfterTheMarkerUpdate,
}

/// <summary>
/// A loopback proxy between the worker and Azurite (one port for blobs, one for queues, named in the worker's
/// connection string) that kills a worker process at one step of a delivery: when the step's request arrives,
/// before forwarding it, or once Azurite has answered it, before relaying the answer. The process dies as on a
/// crashed instance: no cancellation, no cleanup, nothing written after. Every other request passes unchanged.
/// </summary>
internal sealed class StorageCrashProxy : IAsyncDisposable
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Content-Length", "Expect",
    };

    private readonly AzuriteServer _azurite;
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });
    private readonly Lock _gate = new();
    private WebApplication _app = null!;
    private DeliveryStep? _armed;
    private Action? _kill;
    private int _blobPort;
    private int _queuePort;

    private StorageCrashProxy(AzuriteServer azurite) => _azurite = azurite;

    /// <summary>Azurite's development account with its blob and queue endpoints through this proxy.</summary>
    public string ConnectionString => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};BlobEndpoint=http://127.0.0.1:{_blobPort}/{AzuriteServer.AccountName};QueueEndpoint=http://127.0.0.1:{_queuePort}/{AzuriteServer.AccountName};");

    /// <summary>Whether the armed step was reached and the kill carried out.</summary>
    public bool Fired { get; private set; }

    public static async Task<StorageCrashProxy> StartAsync(AzuriteServer azurite)
    {
        var proxy = new StorageCrashProxy(azurite);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        var ports = app.Urls.Select(url => new Uri(url).Port).ToList();
        proxy._app = app;
        proxy._blobPort = ports[0];
        proxy._queuePort = ports[1];
        return proxy;
    }

    /// <summary>At <paramref name="step"/> of the next delivery, runs <paramref name="kill"/> (once).</summary>
    public void Arm(DeliveryStep step, Action kill)
    {
        lock (_gate)
        {
            _armed = step;
            _kill = kill;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var kind = KindOf(request);
        if (TakeKill(kind, beforeForwarding: true) is { } killNow)
        {
            killNow();
            context.Abort();
            return;
        }

        var target = context.Connection.LocalPort == _blobPort ? _azurite.BlobPort : _azurite.QueuePort;
        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), $"http://127.0.0.1:{target}{request.Path}{request.QueryString}");
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > 0 || request.ContentLength is not null)
        {
            forwarded.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in request.Headers)
        {
            if (!NotForwarded.Contains(name) && !forwarded.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                forwarded.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var answer = await _client.SendAsync(forwarded, context.RequestAborted);
        var answerBody = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted);
        if (TakeKill(kind, beforeForwarding: false) is { } killAfter)
        {
            killAfter();
            context.Abort();
            return;
        }

        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!NotForwarded.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (!HttpMethods.IsHead(request.Method))
        {
            context.Response.ContentLength = answerBody.Length;
            await context.Response.Body.WriteAsync(answerBody, context.RequestAborted);
        }
    }

    private Action? TakeKill(RequestKind kind, bool beforeForwarding)
    {
        lock (_gate)
        {
            var matches = (_armed, kind, beforeForwarding) switch
            {
                (DeliveryStep.AfterTheClaim, RequestKind.Claim, false) => true,
                (DeliveryStep.BeforeTheSend, RequestKind.Send, true) => true,
                (DeliveryStep.AfterTheSend, RequestKind.Send, false) => true,
                (DeliveryStep.AfterTheMarkerUpdate, RequestKind.MarkQueued, false) => true,
                _ => false,
            };
            if (!matches)
            {
                return null;
            }

            var kill = _kill;
            _armed = null;
            _kill = null;
            Fired = true;
            return kill;
        }
    }

    // The requests ExpressPathEventSender makes, told apart as Azurite sees them.
    private static RequestKind KindOf(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var query = request.QueryString.Value ?? "";
        var isMarker = path.StartsWith($"/{AzuriteServer.AccountName}/express-path-dedup/", StringComparison.Ordinal);
        if (isMarker && HttpMethods.IsPut(request.Method) && query.Length == 0 && request.Headers.IfNoneMatch == "*")
        {
            return RequestKind.Claim;
        }

        if (HttpMethods.IsPost(request.Method) && path.EndsWith("/express-path-events/messages", StringComparison.Ordinal))
        {
            return RequestKind.Send;
        }

        return isMarker && HttpMethods.IsPut(request.Method) && query.Contains("comp=metadata", StringComparison.Ordinal)
            && request.Headers["x-ms-meta-state"] == "queued"
            ? RequestKind.MarkQueued
            : RequestKind.Other;
    }

    private enum RequestKind
    {
        Other,
        Claim,
        Send,
        MarkQueued,
    }
}
