using System.Net;
using System.Net.Sockets;
using System.Text;
using LogisticsFunctions.WeChatSimulator.Backend;
using LogisticsFunctions.WeChatSimulator.Push;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>Builds the simulator's web app, the same one for tests and for <c>dotnet run</c>.</summary>
internal static class SimulatorApplication
{
    internal static WebApplication Build(SimulatorState state, PushOptions? push, string urls, bool standalone)
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
        else
        {
            // A local run shows each push's outcome; tests read them from the server instead.
            builder.Logging.AddFilter(typeof(PushDispatcher).FullName, LogLevel.Information);
            builder.Logging.AddFilter(typeof(WebhookBackend).FullName, LogLevel.Information);
        }

        if (push is not null)
        {
            // The container disposes it with the app, which stops pushes still running.
            builder.Services.AddSingleton(services => new PushDispatcher(
                new WeChatPusher(push, state.TimeProvider), services.GetRequiredService<ILogger<PushDispatcher>>()));
        }

        var app = builder.Build();
        foreach (var route in SimulatorRoutes.For(state, app.Services.GetService<PushDispatcher>()))
        {
            app.Map(route.Path, context => HandleAsync(context, state, route));
        }

        return app;
    }

    /// <summary>
    /// What every endpoint does before its own logic, in the order a real call meets it: it is counted, then the network
    /// (injected faults) gets its chance to break it, then WeChat's gateway checks the caller's IP, the method and the
    /// access token (before it looks at the body). A fault may also let WeChat act and then lose its answer.
    /// </summary>
    private static async Task HandleAsync(HttpContext context, SimulatorState state, SimulatorRoute route)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        state.RecordCall(route.Endpoint, body);

        var fault = state.FaultsFor(route.Endpoint).Next();
        if (fault is null)
        {
            await AnswerAsync(context, state, route, body);
            return;
        }

        await fault.PlayAsync(context, route.Endpoint, state.TimeProvider, () => AnswerAsync(context, state, route, body));
    }

    /// <summary>What WeChat does with a call that reaches it: the gateway's checks, then the endpoint's own logic.</summary>
    private static async Task AnswerAsync(HttpContext context, SimulatorState state, SimulatorRoute route, string body)
    {
        if (!state.CallerIpWhitelisted)
        {
            var (ip, ipv6) = DescribeCaller(context.Connection.RemoteIpAddress ?? IPAddress.Loopback);
            await WeChatJson.WriteErrorAsync(context, 40164, $"invalid ip {ip} ipv6 {ipv6}, not in whitelist", state.TimeProvider);
            return;
        }

        if (!HttpMethods.Equals(context.Request.Method, route.Method))
        {
            var (errcode, message) = HttpMethods.IsGet(route.Method) ? (43001, "require GET method") : (43002, "require POST method");
            await WeChatJson.WriteErrorAsync(context, errcode, message, state.TimeProvider);
            return;
        }

        if (route.NeedsAccessToken && !await PassesAccessTokenAsync(context, state))
        {
            return;
        }

        await route.AnswerAsync(context, body);
    }

    /// <summary>WeChat's token check on a business call: missing 41001, unknown or revoked 40001, outlived 42001.</summary>
    private static async Task<bool> PassesAccessTokenAsync(HttpContext context, SimulatorState state)
    {
        var token = context.Request.Query["access_token"].ToString();
        var (errcode, message) = token.Length == 0
            ? (41001, "access_token missing")
            : state.Tokens.Check(token) switch
            {
                TokenStatus.Invalid => (40001, "invalid credential, access_token is invalid or not latest"),
                TokenStatus.Expired => (42001, "access_token expired"),
                _ => (0, string.Empty),
            };
        if (errcode == 0)
        {
            return true;
        }

        await WeChatJson.WriteErrorAsync(context, errcode, message, state.TimeProvider);
        return false;
    }

    // WeChat names the caller twice, as IPv4 and as its IPv4-mapped IPv6 form: "127.0.0.1" and "::ffff:127.0.0.1".
    private static (string Ip, string Ipv6) DescribeCaller(IPAddress remote)
    {
        var ip = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        return (ip.ToString(), ip.AddressFamily == AddressFamily.InterNetwork ? ip.MapToIPv6().ToString() : ip.ToString());
    }
}
