using System.Diagnostics.Metrics;
using System.Net;
using LogisticsFunctions.Tests.Fakes;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.Telemetry;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace LogisticsFunctions.Tests.Telemetry;

/// <summary>
/// Every read of a secret, counted in <c>wechat.key_vault.reads</c> by what the secret is for and what the vault
/// answered: the app's real registration, SecretClient and managed identity against the loopback vault.
/// </summary>
[Collection(KeyVaultCollectionDefinition.Name)]
public sealed class KeyVaultMetricsTests(KeyVaultTestEnvironment environment) : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N");
    private WeChatSimulatorServer _simulator = null!;

    private FakeKeyVault Vault => environment.Vault;

    private string AppSecretName => $"wechat-app-secret-{_suffix}";

    public async Task InitializeAsync()
    {
        await environment.ResetAsync();
        _simulator = await WeChatSimulatorServer.StartAsync();
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task The_app_secret_is_read_once_and_counted_ok()
    {
        Vault.SetSecret(AppSecretName, _simulator.AppSecret);
        await using var app = CreateApp();
        using var reads = Reads(app.Services);

        Assert.Equal(HttpStatusCode.OK, (await app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        Assert.Equal(["app_secret ok"], Seen(reads));
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "forbidden", "forbidden" },
        { "missing", "not_found" },
        { "throttled", "throttled" },
        { "stopped", "unavailable" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failed_read_is_counted_with_what_the_vault_answered(string fault, string outcome)
    {
        if (fault != "missing")
        {
            Vault.SetSecret(AppSecretName, _simulator.AppSecret);
        }

        switch (fault)
        {
            case "forbidden":
                Vault.SetFault(FakeVaultFault.Forbidden());
                break;
            case "throttled":
                Vault.SetFault(FakeVaultFault.Throttled());
                break;
            case "stopped":
                await Vault.StopAsync();
                break;
        }

        await using var app = CreateApp();
        using var reads = Reads(app.Services);

        Assert.NotEqual(HttpStatusCode.OK, (await app.InvokeGetPathAsync(SeedExample.Request)).StatusCode);

        Assert.Equal([$"app_secret {outcome}"], Seen(reads));
    }

    [Fact]
    public async Task The_push_Token_and_keys_are_counted_under_their_roles_a_missing_previous_key_as_not_found()
    {
        Vault.SetSecret($"push-token-{_suffix}", TestPushBuilder.SimulatorToken, createdOn: DateTimeOffset.UtcNow.AddHours(-1));
        Vault.SetSecret($"push-key-{_suffix}", TestPushBuilder.SimulatorEncodingAesKey, createdOn: DateTimeOffset.UtcNow.AddHours(-1));
        await using var app = PushTestApp.Create("UseDevelopmentStorage=true", new Dictionary<string, string?>
        {
            ["KeyVault:VaultUri"] = Vault.VaultUri.ToString(),
            ["WeChat:AppSecret"] = null,
            ["WeChat:PushToken"] = null,
            ["WeChat:PushEncodingAesKey"] = null,
            ["WeChat:PushTokenSecretName"] = $"push-token-{_suffix}",
            ["WeChat:PushEncodingAesKeySecretName"] = $"push-key-{_suffix}",
            ["WeChat:PushPreviousEncodingAesKeySecretName"] = $"push-previous-key-{_suffix}",
        }, configureServices: services => services.AddSingleton(environment.CreateSecretClientOptions()));
        using var reads = Reads(app.Services);
        var weChat = new TestPushBuilder(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow);

        // Another event than add_express_path: acknowledged without storage, so only the secrets are at work.
        var answer = await app.SendAsync(weChat.Post(new TestExpressPath { Event = "subscribe_msg_popup_event" }, TestPushMode.Safe, TestPushFormat.Xml));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(["push_aes_key ok", "push_previous_aes_key not_found", "push_token ok"], Seen(reads).Order(StringComparer.Ordinal));
    }

    private static MetricCollector<long> Reads(IServiceProvider services) =>
        new(services.GetRequiredService<IMeterFactory>(), WeChatMetrics.MeterName, "wechat.key_vault.reads");

    private static List<string> Seen(MetricCollector<long> reads) =>
        [.. reads.GetMeasurementSnapshot().Select(measurement => $"{measurement.Tags["secret"]} {measurement.Tags["outcome"]}")];

    private WeChatTestServices CreateApp() => WeChatTestServices.Create(
        _simulator.BaseAddress,
        _simulator.AppId,
        appSecret: null,
        new Dictionary<string, string?>
        {
            ["KeyVault:VaultUri"] = Vault.VaultUri.ToString(),
            ["WeChat:AppSecretName"] = AppSecretName,
        },
        configureServices: services => services.AddSingleton(environment.CreateSecretClientOptions()));
}
