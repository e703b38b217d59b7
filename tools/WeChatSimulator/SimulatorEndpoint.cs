namespace LogisticsFunctions.WeChatSimulator;

/// <summary>The simulated WeChat endpoints a fault can be aimed at.</summary>
public enum SimulatorEndpoint
{
    /// <summary><c>POST /cgi-bin/stable_token</c>.</summary>
    StableToken,

    /// <summary><c>POST /cgi-bin/express/business/path/get</c>.</summary>
    PathGet,
}
