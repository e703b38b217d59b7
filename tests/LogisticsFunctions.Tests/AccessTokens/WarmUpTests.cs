using System.Net;
using LogisticsFunctions.Functions;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>At start the token is fetched in the background; a failure there is never fatal.</summary>
public sealed class WarmUpTests : IAsyncLifetime
{
    private WeChatSimulatorServer _simulator = null!;

    public async Task InitializeAsync() => _simulator = await WeChatSimulatorServer.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task TheTokenIsFetchedAtStartSoTheFirstRequestPaysOnlyForItsOwnCall()
    {
        using var host = BuildHost(new CapturedLogs());
        await host.StartAsync();
        await WaitForAsync(() => _simulator.StableTokenCalls == 1);

        var response = await InvokeAsync(host);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _simulator.StableTokenCalls);
        Assert.Equal(1, _simulator.PathGetCalls);
        await host.StopAsync();
    }

    [Fact]
    public async Task AFailedWarmUpIsLoggedAndRequestsFetchOnDemand()
    {
        _simulator.SetCallerIpWhitelisted(false);
        var logs = new CapturedLogs();
        using var host = BuildHost(logs);

        await host.StartAsync();
        await WaitForAsync(() => logs.Lines.Any(line => line.Contains("Warming up the WeChat access token failed", StringComparison.Ordinal)));
        _simulator.SetCallerIpWhitelisted(true);
        // The failed fetch is remembered only briefly (AccessTokenProvider.FailedFetchCooldown).
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var response = await InvokeAsync(host);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _simulator.StableTokenCalls);
        await host.StopAsync();
    }

    private IHost BuildHost(CapturedLogs logs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = _simulator.AppId,
            ["WeChat:AppSecret"] = _simulator.AppSecret,
            ["WeChat:ApiBaseUrl"] = _simulator.BaseAddress.ToString(),
            ["WeChat:PushToken"] = "simulator-push-token",
            ["WeChat:PushEncodingAesKey"] = "TG9naXN0aWNzRnVuY3Rpb25zLXNpbXVsYXRvci1rZXk",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        });
        builder.Logging.AddProvider(logs);
        builder.Services.AddLogisticsFunctions(builder.Configuration);
        return builder.Build();
    }

    private static async Task<TestHttpResponseData> InvokeAsync(IHost host)
    {
        var function = ActivatorUtilities.CreateInstance<GetPath>(host.Services);
        var context = new TestFunctionContext(host.Services);
        var body = System.Text.Encoding.UTF8.GetBytes(SeedExample.Request);
        return (TestHttpResponseData)await function.RunAsync(new TestHttpRequestData(context, body), context);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
