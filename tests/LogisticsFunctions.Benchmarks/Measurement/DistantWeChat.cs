using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Benchmarks.Measurement;

/// <summary>
/// The WeChat simulator on loopback, answering <c>stable_token</c> and <c>path/get</c> only after
/// <paramref name="latency"/>, as WeChat does when it is a long way off (Azure → api.weixin.qq.com).
/// Zero latency measures the worker alone.
/// </summary>
public static class DistantWeChat
{
    public static async Task<WeChatSimulatorServer> StartAsync(TimeSpan latency, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        var server = await WeChatSimulatorServer.StartAsync(cancellationToken: cancellationToken);
        if (latency > TimeSpan.Zero)
        {
            server.SetPersistentFault(SimulatorEndpoint.StableToken, SimulatorFault.Delay(latency));
            server.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.Delay(latency));
        }

        return server;
    }
}
