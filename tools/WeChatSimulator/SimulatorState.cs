using LogisticsFunctions.WeChatSimulator.Backend;
using LogisticsFunctions.WeChatSimulator.Express;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// Everything a running simulator remembers. Request threads and the test thread touch it at once, so counters use
/// Interlocked, single values are volatile, and the express family's state sits behind its own locks.
/// </summary>
internal sealed class SimulatorState
{
    private static readonly SimulatorEndpoint[] Endpoints = Enum.GetValues<SimulatorEndpoint>();

    private readonly FaultSchedule<SimulatorFault>[] faults;
    private readonly int[] calls = new int[Endpoints.Length];
    private readonly string?[] lastBodies = new string?[Endpoints.Length];
    private volatile string appSecret;
    private volatile bool callerIpWhitelisted = true;

    public SimulatorState(WeChatSimulatorOptions options)
    {
        AppId = options.AppId;
        appSecret = options.AppSecret;
        TimeProvider = options.TimeProvider;
        Tokens = new AccessTokenRegistry(options.TimeProvider, options.TokenLifetime);
        Accounts = new AccountBook(options.TimeProvider);
        Printers = new PrinterBook();
        Orders = new OrderBook(Accounts, options.AppId);
        Webhooks = new WebhookBackend(options.WebhookSecret, options.TimeProvider);
        faults = [.. Endpoints.Select(_ => new FaultSchedule<SimulatorFault>())];
    }

    public string AppId { get; }

    public TimeProvider TimeProvider { get; }

    public AccessTokenRegistry Tokens { get; }

    /// <summary>The bound courier accounts and their quotas (getAllAccount, bindAccount, getQuota).</summary>
    public AccountBook Accounts { get; }

    /// <summary>The bound printers (getPrinter, updatePrinter).</summary>
    public PrinterBook Printers { get; }

    /// <summary>The orders addOrder created, with their waybills and traces.</summary>
    public OrderBook Orders { get; }

    /// <summary>The backend that receives the app's webhooks.</summary>
    public WebhookBackend Webhooks { get; }

    public string AppSecret
    {
        get => appSecret;
        set => appSecret = value;
    }

    public bool CallerIpWhitelisted
    {
        get => callerIpWhitelisted;
        set => callerIpWhitelisted = value;
    }

    public int Calls(SimulatorEndpoint endpoint) => Volatile.Read(ref calls[Index(endpoint)]);

    public string? LastRequestBody(SimulatorEndpoint endpoint) => Volatile.Read(ref lastBodies[Index(endpoint)]);

    public FaultSchedule<SimulatorFault> FaultsFor(SimulatorEndpoint endpoint) => faults[Index(endpoint)];

    /// <summary>Counts a call that reached <paramref name="endpoint"/>, whatever its answer will be, and keeps its body.</summary>
    public void RecordCall(SimulatorEndpoint endpoint, string body)
    {
        var index = Index(endpoint);
        Volatile.Write(ref lastBodies[index], body);
        Interlocked.Increment(ref calls[index]);
    }

    private static int Index(SimulatorEndpoint endpoint) =>
        Enum.IsDefined(endpoint) ? (int)endpoint : throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null);
}
