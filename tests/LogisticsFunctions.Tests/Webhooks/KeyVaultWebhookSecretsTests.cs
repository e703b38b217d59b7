using LogisticsFunctions.Tests.Fakes;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace LogisticsFunctions.Tests.Webhooks;

/// <summary>
/// The signing secrets from Key Vault through the app's registration: the real SecretClient and credential against
/// the loopback vault, and a delivery to the simulator's backend signed with what the vault holds.
/// </summary>
[Collection(KeyVaultCollectionDefinition.Name)]
public sealed class KeyVaultWebhookSecretsTests(KeyVaultTestEnvironment environment) : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N");
    private readonly List<WebhookTestApp> _apps = [];
    private WeChatSimulatorServer _backend = null!;

    private FakeKeyVault Vault => environment.Vault;

    private string SecretName => $"webhook-secret-{_suffix}";

    private string PreviousName => $"webhook-secret-previous-{_suffix}";

    public async Task InitializeAsync()
    {
        await environment.ResetAsync();
        Vault.SetSecret(SecretName, TestWebhookSecrets.Current);
        _backend = await WeChatSimulatorServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task The_vaults_secret_signs_deliveries_and_is_read_once()
    {
        var app = CreateApp();
        var before = Vault.SecretReads;

        // Deliveries that succeed write nothing to storage: the development storage named here is never reached.
        for (var version = 1; version <= 3; version++)
        {
            await app.RelayEventAsync(WebhookRelayTests.Json(WebhookRelayTests.Update(version)));
        }

        Assert.Equal(3, _backend.Webhooks.Receipts.Count);
        Assert.All(_backend.Webhooks.Receipts, receipt => Assert.True(receipt.Verified, receipt.Problem));
        Assert.Equal(before + 1, Vault.SecretReads);
    }

    [Fact]
    public async Task A_previous_secret_named_in_settings_signs_too_and_a_removed_one_is_skipped_with_a_warning()
    {
        Vault.SetSecret(PreviousName, TestWebhookSecrets.Previous);
        var app = CreateApp(new() { ["Webhook:PreviousSecretName"] = PreviousName });
        var missing = CreateApp(new() { ["Webhook:PreviousSecretName"] = $"gone-{_suffix}" });

        var keys = await app.Get<IWebhookSecrets>().GetAsync(CancellationToken.None);
        var currentOnly = await missing.Get<IWebhookSecrets>().GetAsync(CancellationToken.None);

        Assert.NotNull(keys.Previous);
        Assert.Null(currentOnly.Previous);
        Assert.Contains(missing.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains($"Key Vault has no secret gone-{_suffix}; webhooks are signed with the current secret only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_secret_changed_in_the_vault_is_read_again_after_a_refusal_at_most_once_a_minute()
    {
        var app = CreateApp();
        var secrets = app.Get<IWebhookSecrets>();
        var first = await secrets.GetAsync(CancellationToken.None);
        Vault.SetSecret(SecretName, TestWebhookSecrets.Previous);
        var readsBefore = Vault.SecretReads;

        var changed = await secrets.RefreshAsync(first, CancellationToken.None);
        var again = await secrets.RefreshAsync(changed!, CancellationToken.None);
        app.Clock.Advance(KeyVaultWebhookSecrets.RefreshInterval);
        var nothingNew = await secrets.RefreshAsync(changed!, CancellationToken.None);

        Assert.NotNull(changed);
        Assert.False(changed.SameKeys(first));
        Assert.True(changed.Current.SameKey(Parse(TestWebhookSecrets.Previous)));
        Assert.Same(changed, await secrets.GetAsync(CancellationToken.None));
        Assert.Null(again);
        Assert.Null(nothingNew);
        Assert.Equal(readsBefore + 2, Vault.SecretReads);
    }

    [Fact]
    public async Task A_vault_value_that_is_not_a_webhook_secret_is_refused_naming_the_secret_and_not_the_value()
    {
        Vault.SetSecret(SecretName, "plain-text-value-marker");
        var app = CreateApp();

        var failure = await Assert.ThrowsAsync<WeChat.Secrets.SecretUnavailableException>(async () => await app.Get<IWebhookSecrets>().GetAsync(CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.Contains($"Key Vault secret '{SecretName}' is not a webhook secret", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("plain-text-value-marker", failure.Message, StringComparison.Ordinal);
    }

    private static WebhookSecret Parse(string text) => WebhookSecret.TryParse(text, out var secret) ? secret : throw new ArgumentException("test secret does not parse");

    private WebhookTestApp CreateApp(Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["KeyVault:VaultUri"] = Vault.VaultUri.ToString(),
            ["Webhook:Secret"] = null,
            ["Webhook:SecretName"] = SecretName,
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var app = WebhookTestApp.Create("UseDevelopmentStorage=true", _backend.WebhookUrl, values,
            configureServices: services => services.AddSingleton(environment.CreateSecretClientOptions()));
        _apps.Add(app);
        return app;
    }
}
