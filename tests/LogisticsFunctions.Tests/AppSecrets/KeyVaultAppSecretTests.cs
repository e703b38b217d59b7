using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using LogisticsFunctions.Tests.Fakes;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.AppSecrets;

/// <summary>
/// The app secret from Key Vault through the app's own registration: the real SecretClient and
/// ManagedIdentityCredential (the app's choice on Azure) against the loopback vault and managed identity endpoint, the real WeChat
/// client against the simulator.
/// </summary>
[Collection(KeyVaultCollectionDefinition.Name)]
public sealed class KeyVaultAppSecretTests(KeyVaultTestEnvironment environment) : IAsyncLifetime
{
    private readonly string _secretName = $"wechat-app-secret-{Guid.NewGuid():N}";
    private readonly List<WeChatTestServices> _apps = [];
    private WeChatSimulatorServer _simulator = null!;

    private FakeKeyVault Vault => environment.Vault;

    public async Task InitializeAsync()
    {
        await environment.ResetAsync();
        _simulator = await WeChatSimulatorServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task AThousandConcurrentColdRequestsReadTheSecretOnceAndFetchOneToken()
    {
        Vault.SetSecret(_secretName, _simulator.AppSecret);
        // The app's deadlines run on a clock that stands still. On the real clock, requests queued behind a
        // thousand others on a busy machine outlived the 3 s attempt timeout after the simulator had counted
        // them, and their retries made the path/get count exceed 1000. What is counted here is the work itself.
        var app = CreateApp(timeProvider: new FakeTimeProvider(DateTimeOffset.UtcNow));
        var readsBefore = Vault.SecretReads;

        // On the stopped clock a retry's back-off never ends: fail rather than hang if one ever happens.
        var responses = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => app.InvokeGetPathAsync(SeedExample.Request))))
            .WaitAsync(TimeSpan.FromMinutes(1));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(readsBefore + 1, Vault.SecretReads);
        Assert.Equal(1, _simulator.StableTokenCalls);
        Assert.Equal(1000, _simulator.PathGetCalls);
    }

    [Fact]
    public async Task ASecretRotatedInTheVaultIsPickedUpInOneRequestWithoutARestart()
    {
        Vault.SetSecret(_secretName, _simulator.AppSecret);
        var app = CreateApp();
        Assert.Equal(HttpStatusCode.OK, (await app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);
        var readsBefore = Vault.SecretReads;

        // The AppSecret is reset in WeChat's console (which kills the token issued moments ago) and the new one stored in the vault.
        _simulator.SetAppSecret("rotated-secret-0123456789abcdef");
        Vault.SetSecret(_secretName, "rotated-secret-0123456789abcdef");
        _simulator.RevokeCurrentToken();
        var response = await app.InvokeGetPathAsync(SeedExample.Request);

        // One request: the token is refused, the fetch is refused (40125), the vault is read once more and
        // holds a new value, a new token comes with it, and the call is tried once more.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(readsBefore + 1, Vault.SecretReads);
        Assert.Equal(1 + 2, _simulator.StableTokenCalls);
        Assert.Equal(1 + 2, _simulator.PathGetCalls);
    }

    [Fact]
    public async Task TheVaultIsReadOutsideTheContextOfTheRequestThatNeededIt()
    {
        Vault.SetSecret(_secretName, _simulator.AppSecret);
        var seen = new ActivityRecordingPolicy();
        var app = CreateApp(secretClientPolicy: seen);
        using var request = new System.Diagnostics.Activity("a request").Start();

        Assert.Equal(HttpStatusCode.OK, (await app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        // The read serves every request waiting and later ones: it is no part of this request's trace.
        Assert.NotEmpty(seen.TraceIds);
        Assert.DoesNotContain(request.TraceId.ToHexString(), seen.TraceIds);
    }

    [Fact]
    public async Task ARefusedSecretThatTheVaultStillHoldsIs5xxSayingTheAppSecretIsWrong()
    {
        Vault.SetSecret(_secretName, "an-outdated-secret");
        var app = CreateApp();
        var readsBefore = Vault.SecretReads;

        var response = await app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(40125, (int?)response.Json["errCode"]);
        Assert.StartsWith("openapi.logistics.getPath:fail the app secret is wrong", (string?)response.Json["errMsg"], StringComparison.Ordinal);
        // Read once, refused, read again once, still the same: no more.
        Assert.Equal(readsBefore + 2, Vault.SecretReads);
        Assert.Equal(1, _simulator.StableTokenCalls);
        Assert.DoesNotContain("an-outdated-secret", response.BodyText, StringComparison.Ordinal);
    }

    public static TheoryData<string, HttpStatusCode, string> VaultFaults() => new()
    {
        { "forbidden", HttpStatusCode.InternalServerError, "Key Vault denied access to secret '{0}' (403 Forbidden): grant the app's identity the Key Vault Secrets User role" },
        { "missing", HttpStatusCode.InternalServerError, "Key Vault has no secret '{0}': set it with az keyvault secret set" },
        { "throttled", HttpStatusCode.ServiceUnavailable, "Key Vault is throttling reads of secret '{0}'" },
        { "failing", HttpStatusCode.ServiceUnavailable, "Key Vault failed to read secret '{0}' (HTTP 503)" },
        { "unreachable", HttpStatusCode.ServiceUnavailable, "Key Vault could not be reached to read secret '{0}'" },
        { "slow", HttpStatusCode.ServiceUnavailable, "Key Vault did not answer in time when reading secret '{0}'" },
    };

    [Theory]
    [MemberData(nameof(VaultFaults))]
    public async Task AVaultProblemIsAClear5xxNamingTheSecretAndNothingElseOfTheVault(string fault, HttpStatusCode status, string reason)
    {
        if (fault != "missing")
        {
            Vault.SetSecret(_secretName, _simulator.AppSecret);
        }

        var app = CreateApp();
        await BreakVaultAsync(fault);

        var response = await app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(-601001, (int?)response.Json["errCode"]);
        Assert.Equal($"openapi.logistics.getPath:fail {string.Format(System.Globalization.CultureInfo.InvariantCulture, reason, _secretName)}", (string?)response.Json["errMsg"]);
        Assert.DoesNotContain(Vault.VaultUri.Authority, response.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("at ", response.BodyText, StringComparison.Ordinal);
        Assert.Equal(0, _simulator.StableTokenCalls);
        Assert.Equal(status == HttpStatusCode.ServiceUnavailable, response.Header("Retry-After") is not null);
    }

    [Fact]
    public async Task TheLastGoodSecretKeepsServingWhileTheVaultIsDown()
    {
        Vault.SetSecret(_secretName, _simulator.AppSecret);
        var app = CreateApp();
        Assert.Equal(HttpStatusCode.OK, (await app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        await Vault.StopAsync();
        // A new token is needed, and with it the secret: the cached one serves.
        _simulator.RevokeCurrentToken();
        var response = await app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _simulator.StableTokenCalls);
    }

    [Fact]
    public async Task TheAppServesAgainAsSoonAsTheVaultDoes()
    {
        Vault.SetSecret(_secretName, _simulator.AppSecret);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var app = CreateApp(timeProvider: time);
        await Vault.StopAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        await Vault.RestartAsync();
        // A failed fetch is remembered for a moment so a flood does not hammer the vault; then the next request reads it.
        time.Advance(TimeSpan.FromSeconds(3));
        var response = await app.InvokeGetPathAsync(SeedExample.Request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private WeChatTestServices CreateApp(Dictionary<string, string?>? settings = null, TimeProvider? timeProvider = null, HttpPipelinePolicy? secretClientPolicy = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["KeyVault:VaultUri"] = Vault.VaultUri.ToString(),
            ["WeChat:AppSecretName"] = _secretName,
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var app = WeChatTestServices.Create(
            _simulator.BaseAddress,
            _simulator.AppId,
            appSecret: null,
            values,
            timeProvider,
            services =>
            {
                var options = environment.CreateSecretClientOptions();
                if (secretClientPolicy is not null)
                {
                    options.AddPolicy(secretClientPolicy, HttpPipelinePosition.PerCall);
                }

                services.AddSingleton(options);
            });
        _apps.Add(app);
        return app;
    }

    private async Task BreakVaultAsync(string fault)
    {
        switch (fault)
        {
            case "forbidden":
                Vault.SetFault(FakeVaultFault.Forbidden());
                break;
            case "missing":
                // Nothing to break: the secret was never set.
                break;
            case "throttled":
                Vault.SetFault(FakeVaultFault.Throttled());
                break;
            case "failing":
                Vault.SetFault(FakeVaultFault.Status(503, "ServiceUnavailable"));
                break;
            case "unreachable":
                await Vault.StopAsync();
                break;
            case "slow":
                Vault.SetFault(FakeVaultFault.Delay(TimeSpan.FromSeconds(30)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault));
        }
    }

    private sealed class ActivityRecordingPolicy : HttpPipelineSynchronousPolicy
    {
        public List<string?> TraceIds { get; } = [];

        public override void OnSendingRequest(HttpMessage message)
        {
            lock (TraceIds)
            {
                TraceIds.Add(System.Diagnostics.Activity.Current?.TraceId.ToHexString());
            }
        }
    }
}
