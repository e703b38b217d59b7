namespace LogisticsFunctions.WeChatSimulator;

/// <summary>One simulated WeChat endpoint: where it listens, the one HTTP method it takes, whether it wants an access token, and its logic.</summary>
internal sealed record SimulatorRoute(
    SimulatorEndpoint Endpoint,
    string Path,
    string Method,
    bool NeedsAccessToken,
    Func<HttpContext, string, Task> AnswerAsync);
