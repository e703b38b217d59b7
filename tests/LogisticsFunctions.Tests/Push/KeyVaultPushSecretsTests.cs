using System.Net;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.Push;
using LogisticsFunctions.Tests.Fakes;
using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Push;

/// <summary>
/// The push Token and keys from Key Vault through the app's registration: the real SecretClient and
/// credential against the loopback vault, on a fake clock, with every vault read counted. The pushes are
/// events other than add_express_path, which are acknowledged without touching storage, so only the secrets
/// are under test here. A request joins the re-read it waits for before its task is handed back (the
/// cached credentials and the gate answer synchronously), so the counts do not depend on timing.
/// </summary>
[Collection(KeyVaultCollectionDefinition.Name)]
public sealed class KeyVaultPushSecretsTests(KeyVaultTestEnvironment environment) : IAsyncLifetime
{
    private const string NewToken = "rotated-push-token";
    private const string Forger = "an-attackers-guess";
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
        // Stored an hour ago: no rotation is under way when the tests begin.
        Vault.SetSecret(TokenName, TestPushBuilder.SimulatorToken, createdOn: _time.GetUtcNow().AddHours(-1));
        Vault.SetSecret(KeyName, TestPushBuilder.SimulatorEncodingAesKey, createdOn: _time.GetUtcNow().AddHours(-1));
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
        var reads = Counts();
        var app = CreateApp();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Push(TestPushBuilder.SimulatorToken))).StatusCode);
        }

        Assert.Equal(reads.Add(token: 1, keys: 1), Counts());
    }

    [Fact]
    public async Task TheTokenRotatesUnderAStreamOfForgedRequestsWithoutLosingAPushAndAtOneReadASecond()
    {
        var app = CreateApp();
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Push(TestPushBuilder.SimulatorToken))).StatusCode);
        var reads = Counts();

        // Forged requests wait for a re-read that starts after they came, one a second at most: this one
        // after the first read, a pace later.
        var forgedA = Send(app, 20, Forger);
        Assert.All(forgedA, request => Assert.False(request.IsCompleted));
        _time.Advance(KeyVaultPushSecrets.RefreshPace);
        AllForbidden(await Task.WhenAll(forgedA));
        Assert.Equal(reads = reads.Add(token: 1), Counts());

        // The next re-read is under way when WeChat's first request signed with the new Token arrives: it read
        // the vault before the Token changed there, so that request must wait for the one after.
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Vault.EnqueueFault(FakeVaultFault.Hold(arrived, release.Task));
        var forgedB = Send(app, 10, Forger);
        _time.Advance(KeyVaultPushSecrets.RefreshPace);
        await arrived.Task;
        var firstWithNewToken = app.SendAsync(Push(NewToken));
        var forgedC = Send(app, 10, Forger);
        release.SetResult();
        AllForbidden(await Task.WhenAll(forgedB));
        Assert.False(firstWithNewToken.IsCompleted);
        Assert.Equal(reads = reads.Add(token: 1), Counts());

        // The Token is changed in the vault, and the read after that one finds it, with the Token before it.
        Vault.SetSecret(TokenName, NewToken, createdOn: _time.GetUtcNow());
        _time.Advance(KeyVaultPushSecrets.RefreshPace);
        Assert.Equal(HttpStatusCode.OK, (await firstWithNewToken).StatusCode);
        AllForbidden(await Task.WhenAll(forgedC));
        Assert.Equal(reads = reads.Add(token: 2, listings: 1), Counts());

        // WeChat's retries of pushes it signed before the console was saved still come with the old Token.
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Push(TestPushBuilder.SimulatorToken))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Push(NewToken))).StatusCode);
        var previousUse = Assert.Single(app.Logs.Lines, line => line.Contains("signed with the previous Token", StringComparison.Ordinal));
        Assert.StartsWith("Information", previousUse, StringComparison.Ordinal);
        Assert.Equal(reads, Counts());

        // A steady flood costs one read of the Token a second, and nothing else.
        for (var second = 0; second < 5; second++)
        {
            var flood = Send(app, 25, Forger);
            _time.Advance(KeyVaultPushSecrets.RefreshPace);
            AllForbidden(await Task.WhenAll(flood));
        }

        Assert.Equal(reads = reads.Add(token: 5), Counts());

        // Once the new Token is WeChat__PushPreviousTokenLifetime old, the old one is refused.
        _time.Advance(TimeSpan.FromMinutes(10));
        AllForbidden([await app.SendAsync(Push(TestPushBuilder.SimulatorToken))]);
        Assert.Equal(reads.Add(token: 1), Counts());
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(NewToken, StringComparison.Ordinal) || line.Contains(TestPushBuilder.SimulatorToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnInstanceStartedDuringARotationAcceptsThePreviousTokenFromTheVaultsVersions()
    {
        // Flex Consumption may scale to zero: the instance that gets WeChat's next push never saw the old Token.
        Vault.SetSecret(TokenName, NewToken, createdOn: _time.GetUtcNow().AddMinutes(-3));
        var app = CreateApp();
        var reads = Counts();

        var old = await app.SendAsync(Push(TestPushBuilder.SimulatorToken));
        var current = await app.SendAsync(Push(NewToken));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (old.StatusCode, current.StatusCode));
        Assert.Equal(reads.Add(token: 2, listings: 1, keys: 1), Counts());

        // Seven minutes on, the new Token is ten minutes old.
        _time.Advance(TimeSpan.FromMinutes(7));
        AllForbidden([await app.SendAsync(Push(TestPushBuilder.SimulatorToken))]);
    }

    [Fact]
    public async Task ARotatedKeyIsPickedUpByTheFirstPushEncryptedWithIt()
    {
        var app = CreateApp();
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Push(TestPushBuilder.SimulatorToken))).StatusCode);
        var reads = Counts();

        Vault.SetSecret(KeyName, OldKey);
        var pending = app.SendAsync(Push(TestPushBuilder.SimulatorToken, OldKey));
        _time.Advance(KeyVaultPushSecrets.RefreshPace);

        Assert.Equal(HttpStatusCode.OK, (await pending).StatusCode);
        Assert.Equal(reads.Add(keys: 1), Counts());
    }

    [Fact]
    public async Task ThePreviousKeyFromTheVaultIsAcceptedUntilItsExpiresAttribute()
    {
        Vault.SetSecret(PreviousKeyName, OldKey, expiresOn: _time.GetUtcNow().AddMinutes(5));
        var app = CreateApp(new() { ["WeChat:PushPreviousEncodingAesKeySecretName"] = PreviousKeyName });

        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Push(TestPushBuilder.SimulatorToken, OldKey))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Push(TestPushBuilder.SimulatorToken))).StatusCode);
        var previousUse = Assert.Single(app.Logs.Lines, line => line.Contains("with the previous EncodingAESKey", StringComparison.Ordinal));
        Assert.StartsWith("Information", previousUse, StringComparison.Ordinal);

        // Key Vault still returns an expired secret: the receiver keeps the date itself.
        _time.Advance(TimeSpan.FromMinutes(6));
        var expired = await app.SendAsync(Push(TestPushBuilder.SimulatorToken, OldKey));

        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains(TestPushBuilder.WrongKeyProblems, problem => expired.BodyText.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task APushWaitingForAVaultThatHangsIsAnswered503AtTheDeadline()
    {
        var app = CreateApp();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Vault.EnqueueFault(FakeVaultFault.Hold(arrived, release.Task));

        var pending = app.SendAsync(Push(TestPushBuilder.SimulatorToken));
        await arrived.Task;
        _time.Advance(PushReceiver.AnswerDeadline);
        var response = await pending;
        release.SetResult();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("ExpressPathPush did not finish within 4 s", StringComparison.Ordinal));

        // The read goes on without the request that started it; the next push finds its result.
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Push(TestPushBuilder.SimulatorToken))).StatusCode);
    }

    [Fact]
    public async Task AnUnreachableVaultIs503AndAMissingSecretIs500NamingIt()
    {
        var unreachable = CreateApp();
        await Vault.StopAsync();
        var down = await unreachable.SendAsync(Push(TestPushBuilder.SimulatorToken));
        await Vault.RestartAsync();

        var missing = CreateApp(new() { ["WeChat:PushTokenSecretName"] = $"no-such-secret-{_suffix}" });
        var absent = await missing.SendAsync(Push(TestPushBuilder.SimulatorToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, absent.StatusCode);
        Assert.Equal("the receiver is misconfigured", absent.BodyText);
        Assert.Contains(missing.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains($"Key Vault has no secret 'no-such-secret-{_suffix}'", StringComparison.Ordinal));
        Assert.DoesNotContain(missing.Logs.Lines.Concat(unreachable.Logs.Lines), line => line.Contains(TestPushBuilder.SimulatorToken, StringComparison.Ordinal) || line.Contains(TestPushBuilder.SimulatorEncodingAesKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EachCallerDuringTheFailureCooldownGetsAFailureOfItsOwn()
    {
        var name = $"no-such-secret-{_suffix}";
        var secrets = CreateApp(new() { ["WeChat:PushTokenSecretName"] = name }).Get<IPushSecrets>();
        var (first, firstText) = await FailureOf(secrets);
        var reads = Vault.ReadsOf(name);

        // Within the cool-down every caller is answered from memory, each failure rethrown through the async
        // frames of a request: one object shared by all would collect all their stacks.
        var failures = new List<(Exception Failure, string Text)>();
        for (var i = 0; i < 300; i++)
        {
            failures.Add(await FailureOf(secrets));
        }

        Assert.Equal(reads, Vault.ReadsOf(name));
        Assert.Equal(301, failures.Select(failure => failure.Failure).Prepend(first).Distinct().Count());
        Assert.All(failures, failure => Assert.Equal(first.Message, failure.Failure.Message));
        Assert.All(failures, failure => Assert.False(Assert.IsType<SecretUnavailableException>(failure.Failure).IsTransient));
        Assert.All(failures, failure => Assert.True(failure.Text.Length < 2 * firstText.Length, $"a failure of {failure.Text.Length} characters; the first was {firstText.Length}"));

        static async Task<(Exception Failure, string Text)> FailureOf(IPushSecrets secrets)
        {
            try
            {
                await Caller(secrets);
            }
            catch (Exception ex)
            {
                return (ex, ex.ToString());
            }

            throw new InvalidOperationException("the secrets were read");
        }

        static async Task Caller(IPushSecrets secrets) => await secrets.GetAsync(CancellationToken.None);
    }

    [Fact]
    public async Task SafeModeWithoutTheKeyInTheVaultIs500MisconfiguredAndPlainModeTakesPlainPushes()
    {
        var settings = new Dictionary<string, string?> { ["WeChat:PushEncodingAesKeySecretName"] = $"no-such-key-{_suffix}" };
        var safe = CreateApp(settings);
        settings["WeChat:PushMode"] = "plain";
        var plain = CreateApp(settings);

        var refused = await safe.SendAsync(Push(TestPushBuilder.SimulatorToken));
        var taken = await plain.SendAsync(Push(TestPushBuilder.SimulatorToken, mode: TestPushMode.Plain));
        var encrypted = await plain.SendAsync(Push(TestPushBuilder.SimulatorToken));

        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.Equal("the receiver is misconfigured", refused.BodyText);
        Assert.Contains(safe.Logs.Lines, line => line.Contains($"Key Vault has no secret 'no-such-key-{_suffix}'", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, encrypted.StatusCode);
        Assert.Equal("the push is encrypted but no EncodingAESKey is configured", encrypted.BodyText);
    }

    private static void AllForbidden(IEnumerable<TestHttpResponseData> responses) =>
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode));

    private List<Task<TestHttpResponseData>> Send(PushTestApp app, int count, string token) =>
        [.. Enumerable.Range(0, count).Select(_ => app.SendAsync(Push(token)))];

    private TestPushRequest Push(string token, string key = TestPushBuilder.SimulatorEncodingAesKey, TestPushMode mode = TestPushMode.Safe) =>
        new TestPushBuilder(token, key, TestPushBuilder.SimulatorAppId, _time.GetUtcNow)
            .Post(new TestExpressPath { Event = "subscribe_msg_popup_event" }, mode, TestPushFormat.Xml);

    private VaultReads Counts() => new(Vault.ReadsOf(TokenName), Vault.ReadsOf(KeyName), Vault.VersionListings);

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

    private readonly record struct VaultReads(int Token, int Keys, int Listings)
    {
        public VaultReads Add(int token = 0, int keys = 0, int listings = 0) => new(Token + token, Keys + keys, Listings + listings);
    }
}
