using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Tests.Webhooks;

/// <summary>The relay's settings, checked at start through the app's real registration; messages name the setting, never a value.</summary>
public sealed class WebhookOptionsValidationTests
{
    [Fact]
    public async Task Without_a_URL_no_webhook_setting_is_needed()
    {
        await using var app = App(new() { ["Webhook:Timeout"] = "-00:00:01", ["Webhook:Secret"] = "not a secret" });

        Assert.Null(app.Get<IOptions<WebhookOptions>>().Value.Endpoint);
    }

    [Theory]
    [InlineData("https://backend.example/hooks?key=1")]
    [InlineData("http://127.0.0.1:5080/backend/webhook")]
    [InlineData("http://localhost:5080/backend/webhook")]
    [InlineData("http://[::1]:5080/backend/webhook")]
    public async Task An_https_URL_or_plain_http_to_loopback_is_accepted(string url)
    {
        await using var app = App(new() { ["Webhook:Url"] = url, ["Webhook:Secret"] = TestWebhookSecrets.Current });

        Assert.Equal(new Uri(url), app.Get<IOptions<WebhookOptions>>().Value.Endpoint);
    }

    [Theory]
    [InlineData("http://backend.example/hooks")]
    [InlineData("http://10.0.0.5/hooks")]
    [InlineData("ftp://backend.example/hooks")]
    [InlineData("/relative")]
    [InlineData("https://user:password-marker@backend.example/hooks")]
    public async Task Any_other_URL_stops_the_app_naming_Webhook__Url(string url)
    {
        var failure = await StartFailureAsync(new() { ["Webhook:Url"] = url, ["Webhook:Secret"] = TestWebhookSecrets.Current });

        Assert.Contains("Webhook__Url must be the backend's absolute https URL", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("password-marker", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("whsec_c2hvcnQ=")]
    [InlineData("MySecret-marker")]
    public async Task A_URL_without_a_valid_secret_stops_the_app_naming_Webhook__Secret_and_not_the_value(string? secret)
    {
        var failure = await StartFailureAsync(new() { ["Webhook:Url"] = "https://backend.example/hooks", ["Webhook:Secret"] = secret });

        Assert.Contains("Webhook__Secret is required when Webhook__Url is set", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("MySecret-marker", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_previous_secret_must_be_valid_too()
    {
        var failure = await StartFailureAsync(new()
        {
            ["Webhook:Url"] = "https://backend.example/hooks",
            ["Webhook:Secret"] = TestWebhookSecrets.Current,
            ["Webhook:PreviousSecret"] = "whsec_c2hvcnQ=",
        });

        Assert.Contains("Webhook__PreviousSecret, when set, must be whsec_", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:21")]
    public async Task The_timeout_must_leave_the_storage_write_room_inside_the_hosts_functionTimeout(string timeout)
    {
        var failure = await StartFailureAsync(new()
        {
            ["Webhook:Url"] = "https://backend.example/hooks",
            ["Webhook:Secret"] = TestWebhookSecrets.Current,
            ["Webhook:Timeout"] = timeout,
        });

        Assert.Contains("Webhook__Timeout must be a positive time span of at most 00:00:20", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_vault_the_secret_names_are_checked_and_no_secret_value_is_needed()
    {
        var failure = await StartFailureAsync(new()
        {
            ["Webhook:Url"] = "https://backend.example/hooks",
            ["KeyVault:VaultUri"] = "https://kv-test.vault.azure.net/",
            ["Webhook:SecretName"] = "webhook_secret",
            ["Webhook:PreviousSecretName"] = "webhook-secret-previous",
        });

        Assert.Contains("Webhook__SecretName must name a Key Vault secret", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("Webhook__PreviousSecretName", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("Webhook__Secret ", failure, StringComparison.Ordinal);
    }

    private static WeChatTestServices App(Dictionary<string, string?> settings) =>
        WeChatTestServices.Create(new Uri("http://127.0.0.1:9/"), "wx0123456789abcdef", "local-secret", settings);

    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings)
    {
        await using var app = App(settings);
        var failure = Assert.Throws<OptionsValidationException>(() => app.Get<IOptions<WebhookOptions>>().Value);
        return string.Join(" | ", failure.Failures);
    }
}
