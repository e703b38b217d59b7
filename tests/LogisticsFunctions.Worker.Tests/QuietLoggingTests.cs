using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.Worker.Tests.Hosting;
using LogisticsFunctions.Worker.Tests.Rpc;

namespace LogisticsFunctions.Worker.Tests;

/// <summary>
/// What the published worker sends the host as log messages (each one also a trace in Application
/// Insights), with the shipped log levels: a success costs none; a failure one, saying why.
/// </summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class QuietLoggingTests(PublishedWorkerFixture worker)
{
    private const string Marker = "unknown field 'marker'";

    [Fact]
    public async Task A_warm_success_sends_the_host_no_log_message_and_a_refused_request_one()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Complete(weChat.BaseAddress)));
        await WaitForAsync(() => host.Output.Logs.Any(log => log.Message.Contains("WeChat access token ready", StringComparison.Ordinal)), host);
        Assert.Equal(200, (await host.PostGetPathAsync(SeedExample.Request)).GetStatusCode());
        var before = host.Output.Logs.Count;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(200, (await host.PostGetPathAsync(SeedExample.Request)).GetStatusCode());
        }

        // A refused request logs one line; once it has arrived, everything the successes sent has too
        // (one stream, in order).
        Assert.Equal(400, (await host.PostGetPathAsync("""{"marker":1}""")).GetStatusCode());
        await WaitForAsync(() => host.Output.Logs.Any(log => log.Message.Contains(Marker, StringComparison.Ordinal)), host);

        var sent = host.Output.Logs.Skip(before).Where(log => log.Level >= RpcLog.Types.Level.Information).ToList();
        var line = Assert.Single(sent);
        Assert.Contains(Marker, line.Message, StringComparison.Ordinal);
        Assert.Equal(6, weChat.PathGetCalls);
    }

    [Fact]
    public async Task A_Logging_LogLevel_setting_raises_a_quiet_default_again()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        var settings = WorkerSettings.Complete(weChat.BaseAddress);
        settings["Logging__LogLevel__System.Net.Http.HttpClient"] = "Information";
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(settings));
        await WaitForAsync(() => host.Output.Logs.Any(log => log.Message.Contains("WeChat access token ready", StringComparison.Ordinal)), host);
        var before = host.Output.Logs.Count;

        Assert.Equal(200, (await host.PostGetPathAsync(SeedExample.Request)).GetStatusCode());
        Assert.Equal(400, (await host.PostGetPathAsync("""{"marker":1}""")).GetStatusCode());
        await WaitForAsync(() => host.Output.Logs.Any(log => log.Message.Contains(Marker, StringComparison.Ordinal)), host);

        // HttpClient's request and response lines for the success are back, with the URL's query redacted.
        var httpClient = host.Output.Logs.Skip(before).Where(log => log.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(httpClient);
        Assert.Contains(httpClient, log => log.Message.Contains("cgi-bin/express/business/path/get", StringComparison.Ordinal));
        Assert.All(weChat.IssuedTokens, token => Assert.DoesNotContain(httpClient, log => log.Message.Contains(token, StringComparison.Ordinal)));
    }

    private static async Task WaitForAsync(Func<bool> condition, FunctionsTestHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for the worker.{Environment.NewLine}{host.Output.Describe()}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }
}
