using System.Net;
using LogisticsFunctions.Push;
using LogisticsFunctions.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Push;

/// <summary>
/// The push Token and keys from Key Vault through the app's registration: the real SecretClient and
/// credential against the loopback vault. The pushes are events other than add_express_path, which are
/// acknowledged without touching storage, so only the secrets are under test here.
/// </summary>
[Collection(KeyVaultCollectionDefinition.Name)]
public sealed class KeyVaultPushSecretsTests(KeyVaultTestEnvironment environment) : IAsyncLifetime
{
    private const string RotatedToken = "rotated-push-token";
    private const string OldKey = "b2xkLWtleS1mb3ItdGhlLXB1c2gtcmVjZWl2ZXItMDE";
    private readonly string _suffix = Guid.NewGuid().ToString("N");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly List<PushTestApp> _apps = [];

    private FakeKeyVault Vault => environment.Vault;

    private string TokenName => $"wechat-push-token-{_suffix}";

    private string KeyName => $"wechat-push-key-{_suffix}";

    private string PreviousKeyName => $"wechat-push-previous-key-{_suffix}";

    public async Task InitializeAsync()
    {
        await environment.ResetAsync();
        Vault.SetSecret(TokenName, TestPushBuilder.SimulatorToken);
        Vault.SetSecret(KeyName, TestPushBuilder.SimulatorEncodingAesKey);
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheVaultsTokenAndKeyOpenPushesAndAreReadOnce()
    {
        var app = CreateApp();
        var before = Vault.SecretReads;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Push(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey))).StatusCode);
        }

        Assert.Equal(before + 2, Vault.SecretReads);
    }

    [Fact]
    public async Task ATokenRotatedInTheVaultIsPickedUpByTheFirstPushSignedWithIt()
    {
        var app = CreateApp();
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Push(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey))).StatusCode);
        var before = Vault.SecretReads;

        Vault.SetSecret(TokenName, RotatedToken);
        var response = await app.SendAsync(Push(RotatedToken, TestPushBuilder.SimulatorEncodingAesKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 2, Vault.SecretReads);
    }

    [Fact]
    public async Task AFloodOfBadSignaturesReReadsTheVaultAtMostOnceAMinute()
    {
        var app = CreateApp();
        await app.SendAsync(Push(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey));
        var before = Vault.SecretReads;

        var flood = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => app.SendAsync(Push("an-attackers-guess", TestPushBuilder.SimulatorEncodingAesKey))));
        Assert.All(flood, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(before + 2, Vault.SecretReads);

        _time.Advance(KeyVaultPushSecrets.RefreshInterval + TimeSpan.FromSeconds(1));
        await app.SendAsync(Push("an-attackers-guess", TestPushBuilder.SimulatorEncodingAesKey));
        await app.SendAsync(Push("an-attackers-guess", TestPushBuilder.SimulatorEncodingAesKey));

        Assert.Equal(before + 4, Vault.SecretReads);
    }

    [Fact]
    public async Task ThePreviousKeyFromTheVaultIsAcceptedDuringARotation()
    {
        Vault.SetSecret(PreviousKeyName, OldKey);
        var app = CreateApp(new() { ["WeChat:PushPreviousEncodingAesKeySecretName"] = PreviousKeyName });

        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Push(TestPushBuilder.SimulatorToken, OldKey))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Push(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey))).StatusCode);
    }

    [Fact]
    public async Task AnUnreachableVaultIs503AndAMissingSecretIs500NamingIt()
    {
        var unreachable = CreateApp();
        await Vault.StopAsync();
        var down = await unreachable.SendAsync(Push(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey));
        await Vault.RestartAsync();

        var missing = CreateApp(new() { ["WeChat:PushTokenSecretName"] = $"no-such-secret-{_suffix}" });
        var absent = await missing.SendAsync(Push(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, absent.StatusCode);
        Assert.Contains(missing.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains($"Key Vault has no secret 'no-such-secret-{_suffix}'", StringComparison.Ordinal));
        Assert.DoesNotContain(missing.Logs.Lines.Concat(unreachable.Logs.Lines), line => line.Contains(TestPushBuilder.SimulatorToken, StringComparison.Ordinal) || line.Contains(TestPushBuilder.SimulatorEncodingAesKey, StringComparison.Ordinal));
    }

    private TestPushRequest Push(string token, string key) =>
        new TestPushBuilder(token, key, TestPushBuilder.SimulatorAppId, _time.GetUtcNow)
            .Post(new TestExpressPath { Event = "subscribe_msg_popup_event" }, TestPushMode.Safe, TestPushFormat.Xml);

    private PushTestApp CreateApp(Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["KeyVault:VaultUri"] = Vault.VaultUri.ToString(),
            ["WeChat:AppSecret"] = null,
            ["WeChat:PushToken"] = null,
            ["WeChat:PushEncodingAesKey"] = null,
            ["WeChat:PushTokenSecretName"] = TokenName,
            ["WeChat:PushEncodingAesKeySecretName"] = KeyName,
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var app = PushTestApp.Create("UseDevelopmentStorage=true", values, _time, services => services.AddSingleton(environment.CreateSecretClientOptions()));
        _apps.Add(app);
        return app;
    }
}
