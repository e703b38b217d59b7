using LogisticsFunctions.WeChatSimulator.Backend;
using LogisticsFunctions.WeChatSimulator.Push;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// A running WeChat simulator on loopback, with the knobs tests need to make WeChat misbehave and the counters to see
/// what the client did. Each instance has its own state, so tests can run in parallel.
/// </summary>
public sealed class WeChatSimulatorServer : IAsyncDisposable
{
    // Port 0 lets the OS pick a free port, so parallel tests never collide.
    private const string LoopbackAnyPort = "http://127.0.0.1:0";

    private readonly WebApplication app;
    private readonly SimulatorState state;
    private readonly PushDispatcher? pushes;
    private int disposed;

    private WeChatSimulatorServer(WebApplication app, SimulatorState state, Uri baseAddress)
    {
        this.app = app;
        this.state = state;
        pushes = app.Services.GetService<PushDispatcher>();
        BaseAddress = baseAddress;
    }

    /// <summary>Where the simulator listens, ending in a slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The appid stable_token accepts.</summary>
    public string AppId => state.AppId;

    /// <summary>The secret stable_token accepts now (changed by <see cref="SetAppSecret"/>).</summary>
    public string AppSecret => state.AppSecret;

    /// <summary>Calls to stable_token so far, faulted ones included.</summary>
    public int StableTokenCalls => state.Calls(SimulatorEndpoint.StableToken);

    /// <summary>Calls to path/get so far, faulted ones included.</summary>
    public int PathGetCalls => state.Calls(SimulatorEndpoint.PathGet);

    /// <summary>Every access token stable_token has handed out, oldest first.</summary>
    public IReadOnlyCollection<string> IssuedTokens => state.Tokens.IssuedTokens;

    /// <summary>The raw body of the last stable_token call.</summary>
    public string? LastStableTokenRequestBody => state.LastRequestBody(SimulatorEndpoint.StableToken);

    /// <summary>The raw body of the last path/get call, to check the exact snake_case JSON a client sent.</summary>
    public string? LastPathRequestBody => state.LastRequestBody(SimulatorEndpoint.PathGet);

    /// <summary>Calls to <paramref name="endpoint"/> so far, whatever they were answered (faults, wrong method, bad token included).</summary>
    public int Calls(SimulatorEndpoint endpoint) => state.Calls(endpoint);

    /// <summary>
    /// The raw body of the last call to <paramref name="endpoint"/> (empty for a GET without one), to check the exact
    /// snake_case JSON a client sent; <see langword="null"/> before the first call.
    /// </summary>
    public string? LastRequestBody(SimulatorEndpoint endpoint) => state.LastRequestBody(endpoint);

    /// <summary>The push settings testUpdateOrder pushes with, or null when the simulator does not push.</summary>
    public PushOptions? PushOptions => pushes?.Options;

    /// <summary>
    /// Every push testUpdateOrder started, oldest first; each task completes when WeChat would stop trying (delivered,
    /// or after the last try) with what was sent and every try. A push is listed before testUpdateOrder answers, so a
    /// test can await <c>Pushes[^1]</c> right after the call. Empty when the simulator does not push.
    /// </summary>
    public IReadOnlyList<Task<PushDelivery>> Pushes => pushes?.Pushes ?? [];

    /// <summary>The backend receiving the app's webhooks: what it received, and the secret it verifies with.</summary>
    public WebhookBackend Webhooks => state.Webhooks;

    /// <summary>Where the backend receives webhooks: the app's <c>Webhook__Url</c>.</summary>
    public Uri WebhookUrl => new(BaseAddress, WebhookBackend.Path.TrimStart('/'));

    /// <summary>Starts a simulator on a free loopback port and returns once it accepts connections.</summary>
    public static Task<WeChatSimulatorServer> StartAsync(WeChatSimulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new WeChatSimulatorOptions(), LoopbackAnyPort, standalone: false, cancellationToken);

    /// <summary>Starts a simulator on <paramref name="urls"/>; <paramref name="standalone"/> lets Ctrl+C stop it.</summary>
    internal static async Task<WeChatSimulatorServer> StartAsync(
        WeChatSimulatorOptions options, string urls, bool standalone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.AppId, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.AppSecret, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TokenLifetime, TimeSpan.Zero, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        options.Push?.Validate();

        var state = new SimulatorState(options);
        var app = SimulatorApplication.Build(state, options.Push, urls, standalone);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        // With port 0, the addresses list holds the port Kestrel actually bound.
        var address = app.Urls.First();
        return new WeChatSimulatorServer(app, state, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Rotates the AppSecret: stable_token now answers 40125 to the old one. Tokens already issued keep working.</summary>
    public void SetAppSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        state.AppSecret = secret;
    }

    /// <summary>Kills the current token: every express endpoint answers 40001 to it, and the next stable_token call issues a new one.</summary>
    public void RevokeCurrentToken() => state.Tokens.RevokeCurrent();

    /// <summary>When <see langword="false"/>, every endpoint answers 40164, as WeChat does for a caller outside the IP whitelist.</summary>
    public void SetCallerIpWhitelisted(bool whitelisted) => state.CallerIpWhitelisted = whitelisted;

    /// <summary>Plays <paramref name="fault"/> on the next <paramref name="times"/> calls to <paramref name="endpoint"/>, before any persistent fault.</summary>
    public void EnqueueFault(SimulatorEndpoint endpoint, SimulatorFault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        state.FaultsFor(endpoint).Enqueue(fault, times);
    }

    /// <summary>Plays <paramref name="fault"/> on every call to <paramref name="endpoint"/> until set to <see langword="null"/>.</summary>
    public void SetPersistentFault(SimulatorEndpoint endpoint, SimulatorFault? fault) =>
        state.FaultsFor(endpoint).SetPersistent(fault);

    /// <summary>Completes when a standalone simulator is told to stop (Ctrl+C or SIGTERM).</summary>
    internal Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    /// <summary>Stops listening and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }
}
