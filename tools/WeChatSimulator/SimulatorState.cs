namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// Everything a running simulator remembers. Request threads and the test thread touch it at once, so counters use
/// Interlocked and the rest are volatile or lock-guarded.
/// </summary>
internal sealed class SimulatorState(WeChatSimulatorOptions options)
{
    private readonly FaultSchedule<SimulatorFault> stableTokenFaults = new();
    private readonly FaultSchedule<SimulatorFault> pathGetFaults = new();
    private int stableTokenCalls;
    private int pathGetCalls;
    private volatile string appSecret = options.AppSecret;
    private volatile bool callerIpWhitelisted = true;
    private volatile string? lastStableTokenRequestBody;
    private volatile string? lastPathRequestBody;

    public string AppId { get; } = options.AppId;

    public TimeProvider TimeProvider { get; } = options.TimeProvider;

    public AccessTokenRegistry Tokens { get; } = new(options.TimeProvider, options.TokenLifetime);

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

    public int StableTokenCalls => Volatile.Read(ref stableTokenCalls);

    public int PathGetCalls => Volatile.Read(ref pathGetCalls);

    public string? LastStableTokenRequestBody => lastStableTokenRequestBody;

    public string? LastPathRequestBody => lastPathRequestBody;

    public FaultSchedule<SimulatorFault> FaultsFor(SimulatorEndpoint endpoint) => endpoint switch
    {
        SimulatorEndpoint.StableToken => stableTokenFaults,
        SimulatorEndpoint.PathGet => pathGetFaults,
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
    };

    /// <summary>Counts a call that reached <paramref name="endpoint"/>, whatever its answer will be, and keeps its body.</summary>
    public void RecordCall(SimulatorEndpoint endpoint, string body)
    {
        switch (endpoint)
        {
            case SimulatorEndpoint.StableToken:
                lastStableTokenRequestBody = body;
                Interlocked.Increment(ref stableTokenCalls);
                break;
            case SimulatorEndpoint.PathGet:
                lastPathRequestBody = body;
                Interlocked.Increment(ref pathGetCalls);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null);
        }
    }
}
