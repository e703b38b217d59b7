using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>
/// A stand-in for the Functions app's push receiver on loopback: records every request exactly as it arrived and
/// answers from a script (HTTP 200 <c>success</c> when the script is empty), so tests see what WeChat's pushes look like
/// on the wire and can make the receiver fail, answer wrongly or hang.
/// </summary>
internal sealed class LoopbackPushReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> script = new();
    private readonly ConcurrentQueue<ReceivedRequest> received = new();
    private readonly CancellationTokenSource stopping = new();

    private LoopbackPushReceiver(WebApplication app) => this.app = app;

    /// <summary>The receiver's route, as the Functions app names it.</summary>
    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Received => [.. received];

    public static async Task<LoopbackPushReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new LoopbackPushReceiver(app);
        app.Map("/api/logistics/push", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = new Uri(new Uri(app.Urls.First()), "/api/logistics/push");
        return receiver;
    }

    /// <summary>The next request gets this status and body.</summary>
    public void ThenAnswer(int status, string body) => script.Enqueue(async context =>
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(body, context.RequestAborted);
    });

    /// <summary>The next request gets no answer until <paramref name="release"/> completes (or the caller gives up).</summary>
    public void ThenHang(Task release) => script.Enqueue(async context =>
    {
        await Task.WhenAny(release, Task.Delay(Timeout.Infinite, context.RequestAborted), Task.Delay(Timeout.Infinite, stopping.Token));
        if (!context.RequestAborted.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            await context.Response.WriteAsync("success", context.RequestAborted);
        }
    });

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        received.Enqueue(new ReceivedRequest(
            context.Request.Method,
            context.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()),
            context.Request.Query.Select(pair => pair.Key).ToList(),
            context.Request.ContentType,
            body));
        if (script.TryDequeue(out var answer))
        {
            await answer(context);
            return;
        }

        await context.Response.WriteAsync("success", context.RequestAborted);
    }
}

/// <summary>One request as the receiver got it: the query (values and the order of its names), content type and body.</summary>
internal sealed record ReceivedRequest(
    string Method, IReadOnlyDictionary<string, string> Query, IReadOnlyList<string> QueryNames, string? ContentType, string Body);
