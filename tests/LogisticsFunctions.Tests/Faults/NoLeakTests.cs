using System.Net;
using Azure.Core.Pipeline;
using Azure.Monitor.OpenTelemetry.Exporter;
using LogisticsFunctions.Telemetry;
using LogisticsFunctions.Tests.Fakes;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace LogisticsFunctions.Tests.Faults;

/// <summary>
/// The whole fault matrix with every log category at Trace (HttpClient's request and header logging,
/// Polly's telemetry, ours) and Application Insights switched on as on Azure, its real pipelines ending in
/// a capturing channel (the classic SDK's items) and a capturing transport (the metrics exporter's): no log line,
/// no telemetry item (dependency data, names, targets, properties, traces, exceptions, metrics and their
/// dimensions) and no response may hold the secret, an access token, a managed identity token, or a request body.
/// </summary>
[Collection(ApplicationInsightsCollectionDefinition.Name)]
public sealed class NoLeakTests(KeyVaultTestEnvironment environment) : IAsyncLifetime, IDisposable
{
    private const string BodyMarker = "BODY-MARKER-7f3a9c";
    private const string RotatedSecret = "rotated-secret-fedcba9876543210";
    private readonly string _secretName = $"wechat-app-secret-{Guid.NewGuid():N}";
    private readonly CapturingTelemetryChannel _telemetry = new();
    private readonly CapturingIngestionHandler _metrics = new();
    private readonly List<MeterProvider> _meterProviders = [];
    private WeChatSimulatorServer _simulator = null!;

    public async Task InitializeAsync()
    {
        await environment.ResetAsync();
        _simulator = await WeChatSimulatorServer.StartAsync();
    }

    private List<string> Logs { get; } = [];

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    public void Dispose()
    {
        _telemetry.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task NoSecretTokenOrBodyReachesALogATelemetryItemOrAResponse()
    {
        var originalSecret = _simulator.AppSecret;
        environment.Vault.SetSecret(_secretName, originalSecret);
        await using var app = CreateApp();
        await using var coldApp = CreateApp();
        var request = SeedExample.Request.Replace("01234567890123456789", BodyMarker, StringComparison.Ordinal);
        var responses = new List<TestHttpResponseData>();

        async Task Send(WeChatTestServices to, string body) => responses.Add(await to.InvokeGetPathAsync(body));

        await Send(app, request);
        _simulator.RevokeCurrentToken();
        await Send(app, request);
        foreach (var fault in new[]
        {
            SimulatorFault.ErrCode(-1, "system error"), SimulatorFault.HttpStatus(502), SimulatorFault.HttpStatus(429), SimulatorFault.Html(),
            SimulatorFault.EmptyBody(), SimulatorFault.TruncatedBody(), SimulatorFault.ResetConnection(),
            SimulatorFault.ErrCode(45011, "api minute-quota reach limit"), SimulatorFault.ErrCode(40001, "invalid credential"),
        })
        {
            _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, fault);
            await Send(app, request);
        }

        // One slow attempt (abandoned at the attempt timeout, then retried), then a WeChat that never answers.
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, null);
        _simulator.EnqueueFault(SimulatorEndpoint.PathGet, SimulatorFault.Delay(TimeSpan.FromSeconds(60)));
        await Send(app, request);
        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, SimulatorFault.Delay(TimeSpan.FromSeconds(60)));
        await Send(app, request);

        _simulator.SetPersistentFault(SimulatorEndpoint.PathGet, null);
        _simulator.SetPersistentFault(SimulatorEndpoint.StableToken, SimulatorFault.TruncatedBody());
        _simulator.RevokeCurrentToken();
        await Send(app, request);
        _simulator.SetPersistentFault(SimulatorEndpoint.StableToken, null);
        // Past the failed fetch's cool-down, so the next token fetch really happens.
        await Task.Delay(TimeSpan.FromSeconds(2.2));

        // The secret is rotated in WeChat and in the vault; then WeChat refuses it while the vault holds the old one.
        _simulator.SetAppSecret(RotatedSecret);
        environment.Vault.SetSecret(_secretName, RotatedSecret);
        _simulator.RevokeCurrentToken();
        await Send(app, request);
        _simulator.SetAppSecret(originalSecret + "-changed-again");
        _simulator.RevokeCurrentToken();
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        await Send(app, request);

        environment.Vault.SetFault(FakeVaultFault.Forbidden());
        await Send(coldApp, request);
        environment.Vault.SetFault(null);
        _simulator.SetCallerIpWhitelisted(false);
        await using (var ipApp = CreateApp())
        {
            await Send(ipApp, request);
            Logs.AddRange(ipApp.Logs.Lines);
        }

        await Send(app, """{"orderId":"BODY-MARKER-7f3a9c","deliveryId":"SF","waybillId":["BODY-MARKER-7f3a9c"]}""");
        await Send(app, """{"orderId":"BODY-MARKER-7f3a9c" broken""");
        Logs.AddRange(app.Logs.Lines);
        Logs.AddRange(coldApp.Logs.Lines);

        // The run went through every layer and every sink, so the checks below had something to find.
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.GatewayTimeout);
        Assert.Contains(responses, r => (int?)r.Json["errCode"] == 40125);
        Assert.Contains(responses, r => (int?)r.Json["errCode"] == 40164);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.InternalServerError);
        Assert.True(_simulator.IssuedTokens.Count >= 3);
        Assert.Contains(Logs, line => line.Contains("System.Net.Http.HttpClient.WeChat", StringComparison.Ordinal) && line.Contains("cgi-bin/express/business/path/get", StringComparison.Ordinal));
        Assert.Contains(_telemetry.Items.OfType<DependencyTelemetry>(), d => d.Data?.EndsWith("/cgi-bin/express/business/path/get", StringComparison.Ordinal) == true);
        Assert.Contains(_telemetry.Items.OfType<DependencyTelemetry>(), d => d.Data?.Contains("/secrets/", StringComparison.Ordinal) == true);
        Assert.Contains(_telemetry.Items, item => item is TraceTelemetry);
        // The metrics exporter sends what the meters hold now, as it does once a minute.
        Assert.All(_meterProviders, provider => Assert.True(provider.ForceFlush()));
        Assert.Contains("\"logistics.cloud_calls\"", _metrics.WireText, StringComparison.Ordinal);
        Assert.Contains("\"wechat.access_token.refusals\"", _metrics.WireText, StringComparison.Ordinal);

        var secrets = new[] { originalSecret, RotatedSecret, originalSecret + "-changed-again", BodyMarker }
            .Concat(_simulator.IssuedTokens)
            .Concat(environment.Identity.IssuedTokens)
            .ToList();
        var telemetry = _telemetry.WireText + _metrics.WireText;
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(Logs, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(responses, r => r.BodyText.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, telemetry, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WithoutTheRedactionTheDependencyTelemetryWouldCarryTheAccessToken()
    {
        // The control: what the capture sees if the app's redaction is taken out. If this ever stops
        // finding the token, the test above proves nothing about dependency telemetry.
        environment.Vault.SetSecret(_secretName, _simulator.AppSecret);
        await using var app = CreateApp(withoutRedaction: true);

        Assert.Equal(HttpStatusCode.OK, (await app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        Assert.Contains(_simulator.IssuedTokens.Single(), _telemetry.WireText, StringComparison.Ordinal);
    }

    private WeChatTestServices CreateApp(bool withoutRedaction = false)
    {
        var app = WeChatTestServices.Create(
            _simulator.BaseAddress,
            _simulator.AppId,
            appSecret: null,
            new Dictionary<string, string?>
            {
                ["KeyVault:VaultUri"] = environment.Vault.VaultUri.ToString(),
                ["WeChat:AppSecretName"] = _secretName,
                // As on Azure; the channel below keeps what would be sent, so nothing leaves the machine.
                ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/",
            },
            configureServices: services =>
            {
                services.AddSingleton(environment.CreateSecretClientOptions());
                services.AddSingleton<ITelemetryChannel>(_telemetry);
                services.PostConfigure<AzureMonitorExporterOptions>(options =>
                    options.Transport = new HttpClientTransport(new HttpClient(_metrics, disposeHandler: false)));
                // Loopback only: no instance metadata (169.254.169.254), no live metrics service.
                services.PostConfigure<ApplicationInsightsServiceOptions>(options =>
                {
                    options.EnableHeartbeat = false;
                    options.EnableAzureInstanceMetadataTelemetryModule = false;
                    options.EnableQuickPulseMetricStream = false;
                    options.EnableAppServicesHeartbeatTelemetryModule = false;
                });
            },
            afterRegistration: services =>
            {
                if (withoutRedaction)
                {
                    var redaction = services.Single(d => d.ImplementationType == typeof(QueryStringRedaction));
                    services.Remove(redaction);
                }
            });

        // Building the configuration initializes the dependency collector, and the meter provider starts listening,
        // as the worker does at start.
        _ = app.Get<TelemetryConfiguration>();
        _meterProviders.Add(app.Get<MeterProvider>());
        return app;
    }
}
