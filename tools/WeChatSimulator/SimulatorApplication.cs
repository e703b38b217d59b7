using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>Builds the simulator's web app, the same one for tests and for <c>dotnet run</c>.</summary>
internal static class SimulatorApplication
{
    internal static WebApplication Build(SimulatorState state, string urls, bool standalone)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Under a test host the entry assembly is the test runner; name and root the app after the simulator itself.
            ApplicationName = typeof(SimulatorApplication).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(urls);

        // Tests start many simulators; request logs from each would bury the test output.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // A delayed request must not hold up a test's DisposeAsync for the default 30 seconds.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        if (!standalone)
        {
            builder.Services.AddSingleton<IHostLifetime>(new SilentHostLifetime());
        }

        var app = builder.Build();
        var stableToken = new StableTokenEndpoint(state);
        var pathGet = new PathGetEndpoint(state);
        app.Map(StableTokenEndpoint.Path, context => HandleAsync(context, state, SimulatorEndpoint.StableToken, stableToken.AnswerAsync));
        app.Map(PathGetEndpoint.Path, context => HandleAsync(context, state, SimulatorEndpoint.PathGet, pathGet.AnswerAsync));
        return app;
    }

    /// <summary>
    /// What every endpoint does before its own logic, in the order a real call meets it: it is counted, then the network
    /// (injected faults) gets its chance to break it, then WeChat's gateway checks the caller's IP and the method.
    /// </summary>
    private static async Task HandleAsync(
        HttpContext context, SimulatorState state, SimulatorEndpoint endpoint, Func<HttpContext, string, Task> answer)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        state.RecordCall(endpoint, body);

        var fault = state.FaultsFor(endpoint).Next();
        if (fault is not null && await fault.ApplyAsync(context, endpoint, state.TimeProvider))
        {
            return;
        }

        if (!state.CallerIpWhitelisted)
        {
            var (ip, ipv6) = DescribeCaller(context.Connection.RemoteIpAddress ?? IPAddress.Loopback);
            await WeChatJson.WriteErrorAsync(context, 40164, $"invalid ip {ip} ipv6 {ipv6}, not in whitelist", state.TimeProvider);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await WeChatJson.WriteErrorAsync(context, 43002, "require POST method", state.TimeProvider);
            return;
        }

        await answer(context, body);
    }

    // WeChat names the caller twice, as IPv4 and as its IPv4-mapped IPv6 form: "127.0.0.1" and "::ffff:127.0.0.1".
    private static (string Ip, string Ipv6) DescribeCaller(IPAddress remote)
    {
        var ip = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        return (ip.ToString(), ip.AddressFamily == AddressFamily.InterNetwork ? ip.MapToIPv6().ToString() : ip.ToString());
    }
}
