using System.Text.Json;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Worker.Tests;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Benchmarks.TokenFlood;

/// <summary>GetPath on the published worker under the gRPC test host, as <c>load</c> runs it; the answer's status and errCode.</summary>
public sealed class PublishedWorkerTarget(FunctionsTestHost host) : IFloodTarget
{
    public int ProcessId => host.ProcessId;

    public bool InProcess => false;

    public static async Task<PublishedWorkerTarget> StartAsync(string workerDirectory, Uri weChat, CancellationToken cancellationToken)
    {
        var host = await FunctionsTestHost.StartAsync(new FunctionsTestHostOptions
        {
            WorkerDirectory = workerDirectory,
            AppSettings = WorkerSettings.Complete(weChat),
        }, cancellationToken);
        return new PublishedWorkerTarget(host);
    }

    public async Task<FloodCall> CallAsync()
    {
        var response = await host.PostGetPathAsync(SeedExample.Request);
        using var answer = JsonDocument.Parse(response.GetBodyBytes());
        var errCode = answer.RootElement.TryGetProperty("errCode", out var code) ? code.ToString() : "none";
        return new FloodCall($"HTTP {response.GetStatusCode()} errCode {errCode}", 0);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
