using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>
/// The HTTP side of the Functions host, for one route: a loopback web server whose requests become
/// invocations of a function in the worker under test, and whose responses are the function's. With it,
/// something that speaks HTTP (the simulator pushing like WeChat) reaches the real worker as it would on Azure.
/// It can start before the host it forwards to (<see cref="Host"/>), since the worker's settings may need
/// the address of something that needs this one's; until then it answers 503, as a starting host does.
/// </summary>
public sealed class HostHttpFrontEnd : IAsyncDisposable
{
    private WebApplication _app = null!;

    private HostHttpFrontEnd()
    {
    }

    /// <summary>The server's root, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The host whose worker serves the route.</summary>
    public FunctionsTestHost? Host { get; set; }

    public static async Task<HostHttpFrontEnd> StartAsync(FunctionsTestHost host, string route, string functionName)
    {
        ArgumentNullException.ThrowIfNull(host);
        var frontEnd = await StartAsync(route, functionName);
        frontEnd.Host = host;
        return frontEnd;
    }

    public static Task<HostHttpFrontEnd> StartAsync(string route, string functionName) =>
        StartAsync(new Dictionary<string, string> { [route] = functionName });

    /// <summary>Several routes (e.g. <c>logistics/addOrder</c>) on one address, each to its function, as a client's base URL sees them.</summary>
    public static async Task<HostHttpFrontEnd> StartAsync(FunctionsTestHost host, IReadOnlyDictionary<string, string> functionsByRoute)
    {
        ArgumentNullException.ThrowIfNull(host);
        var frontEnd = await StartAsync(functionsByRoute);
        frontEnd.Host = host;
        return frontEnd;
    }

    private static async Task<HostHttpFrontEnd> StartAsync(IReadOnlyDictionary<string, string> functionsByRoute)
    {
        var frontEnd = new HostHttpFrontEnd();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();
        foreach (var (route, functionName) in functionsByRoute)
        {
            app.Map($"/api/{route}", context => frontEnd.ForwardAsync(context, functionName));
        }

        await app.StartAsync();
        var address = app.Urls.First();
        frontEnd._app = app;
        frontEnd.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        return frontEnd;
    }

    private async Task ForwardAsync(HttpContext context, string functionName)
    {
        if (Host is not { } host)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var url = $"http://localhost:7071{context.Request.Path}{context.Request.QueryString}";
        var response = await host.InvokeHttpAsync(functionName, context.Request.Method, url, headers, body.ToArray(), context.RequestAborted);

        context.Response.StatusCode = response.GetStatusCode();
        // Every header the function set (Retry-After, Cache-Control…): what a client decides on must reach it.
        // The body's framing is this server's to set.
        foreach (var (name, value) in response.Headers)
        {
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = value;
            }
        }

        await context.Response.Body.WriteAsync(response.GetBodyBytes(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
