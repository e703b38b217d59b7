using System.Net;
using LogisticsFunctions.Tests.Fakes;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.DependencyInjection;

namespace LogisticsFunctions.Tests.Faults;

/// <summary>
/// One deadline for the whole request (CloudCall__RequestTimeout, 8 s by default), whatever it waits
/// on: a slow vault, a slow token fetch and a slow WeChat each within their own limits still end at
/// the request's deadline with the cloud call's timeout, never after the host's functionTimeout.
/// </summary>
[Collection(KeyVaultCollectionDefinition.Name)]
public sealed class RequestDeadlineTests(KeyVaultTestEnvironment environment) : IAsyncLifetime
{
    private readonly string _secretName = $"wechat-app-secret-{Guid.NewGuid():N}";
    private WeChatSimulatorServer _simulator = null!;

    public async Task InitializeAsync()
    {
        await environment.ResetAsync();
        _simulator = await WeChatSimulatorServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        environment.Vault.ClearFaults();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task ASlowVaultTokenAndWeChatTogetherEndAtTheRequestsDeadline()
    {
        environment.Vault.SetSecret(_secretName, _simulator.AppSecret);
        // Each well inside its own limit, so that a loaded machine cannot push one over it (a token fetch cut at
        // its 3 s attempt timeout would be tried again): the vault's read timeout (5 s) and WeChat's attempt
        // timeout (3 s) for the token, 2 s spare each; WeChat's path/get then hangs past its attempt timeout and
        // is retried until the request's deadline ends it.
        environment.Vault.EnqueueFault(FakeVaultFault.Delay(TimeSpan.FromSeconds(3)));
        _simulator.EnqueueFault(SimulatorEndpoint.StableToken, SimulatorFault.Delay(TimeSpan.FromSeconds(1)));
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.Delay(TimeSpan.FromSeconds(60)));
        await using var app = WeChatTestServices.Create(
            _simulator.BaseAddress,
            _simulator.AppId,
            appSecret: null,
            new Dictionary<string, string?>
            {
                ["KeyVault:VaultUri"] = environment.Vault.VaultUri.ToString(),
                ["WeChat:AppSecretName"] = _secretName,
            },
            configureServices: services => services.AddSingleton(environment.CreateSecretClientOptions()));

        var response = await app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(
            """{"errCode":-604102,"errMsg":"openapi.logistics.getPath:fail no answer within the request's deadline of 8 s"}""",
            response.BodyText);
        Assert.Equal(1, _simulator.StableTokenCalls);
        Assert.InRange(_simulator.PathGetCalls, 1, 2);
    }
}
