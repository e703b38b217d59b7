using LogisticsFunctions.CloudCall;
using LogisticsFunctions.WeChat.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Tests.Configuration;

/// <summary>Missing or invalid settings stop the app at start with the setting's name.</summary>
public sealed class ConfigurationValidationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["WeChat:AppId"] = "wx0123456789abcdef",
        ["WeChat:AppSecret"] = "local-secret",
        ["WeChat:PushToken"] = "local-push-token",
        ["WeChat:PushEncodingAesKey"] = "TG9naXN0aWNzRnVuY3Rpb25zLXNpbXVsYXRvci1rZXk",
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
    };

    [Theory]
    [InlineData("WeChat:AppId", null, "WeChat__AppId is required")]
    [InlineData("WeChat:AppId", " ", "WeChat__AppId is required")]
    [InlineData("WeChat:AppSecret", null, "WeChat__AppSecret is required when KeyVault__VaultUri is not set")]
    [InlineData("WeChat:ApiBaseUrl", "http://api.weixin.qq.com/", "WeChat__ApiBaseUrl must be an absolute https URL")]
    [InlineData("WeChat:ApiBaseUrl", "api.weixin.qq.com", "WeChat__ApiBaseUrl must be an absolute https URL")]
    [InlineData("WeChat:TokenRefreshMinInterval", "00:00:00", "WeChat__TokenRefreshMinInterval must be at least 00:00:01")]
    [InlineData("CloudCall:RequestTimeout", "00:00:00", "CloudCall__RequestTimeout must be a positive time span")]
    [InlineData("CloudCall:RequestTimeout", "00:00:30", "CloudCall__RequestTimeout (00:00:30) must be shorter than the host's functionTimeout (00:00:30, host.json)")]
    [InlineData("AzureFunctionsJobHost:functionTimeout", "00:00:05", "CloudCall__RequestTimeout (00:00:08) must be shorter than the host's functionTimeout (00:00:05, AzureFunctionsJobHost__functionTimeout)")]
    [InlineData("WeChat:AttemptTimeout", "-00:00:01", "WeChat__AttemptTimeout must be a positive time span")]
    [InlineData("WeChat:MaxRetryAttempts", "9", "WeChat__MaxRetryAttempts must be between 0 and 5")]
    [InlineData("KeyVault:VaultUri", "http://my-vault.vault.azure.net/", "KeyVault__VaultUri must be the vault's https URL")]
    public async Task TheAppDoesNotStartWithABadSettingAndNamesIt(string key, string? value, string message)
    {
        var settings = new Dictionary<string, string?>(Valid) { [key] = value };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(settings));

        // One bad setting can fail more than one options class (WeChat's validator reads the vault's):
        // the host then reports them together.
        var failures = error is AggregateException aggregate ? aggregate.InnerExceptions : [error];
        Assert.All(failures, failure => Assert.IsType<OptionsValidationException>(failure));
        Assert.Contains(failures, failure => failure.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithAVaultTheAppSecretSettingIsNotNeeded()
    {
        var settings = new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = "wx0123456789abcdef",
            ["WeChat:ApiBaseUrl"] = "http://127.0.0.1:9/",
            ["KeyVault:VaultUri"] = "https://my-vault.vault.azure.net/",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        };

        await StartAsync(settings);
    }

    [Fact]
    public void AnEmptyVaultUriMeansNoVault()
    {
        using var services = Build(new Dictionary<string, string?>(Valid) { ["KeyVault:VaultUri"] = "" });

        Assert.Null(services.GetRequiredService<IOptions<KeyVaultOptions>>().Value.VaultUri);
    }

    [Fact]
    public void TheDefaultsAreWeChatsAddressAndTheDocumentedSecretName()
    {
        using var services = Build(Valid);
        var options = services.GetRequiredService<IOptions<WeChatOptions>>().Value;

        Assert.Equal(new Uri("https://api.weixin.qq.com/"), options.ApiBaseUrl);
        Assert.Equal("wechat-app-secret", options.AppSecretName);
        Assert.Equal(TimeSpan.FromSeconds(10), options.TokenRefreshMinInterval);
        Assert.Equal(TimeSpan.FromSeconds(8), services.GetRequiredService<IOptions<CloudCallOptions>>().Value.RequestTimeout);
    }

    [Fact]
    public void TheHostsTimeoutIsReadFromTheHostJsonThatShipsWithTheApp()
    {
        // The test's output folder holds the app's host.json, as the worker's folder does on Azure.
        var timeout = HostFunctionTimeout.Read(new ConfigurationBuilder().Build(), AppContext.BaseDirectory);

        Assert.Equal((TimeSpan.FromSeconds(30), "host.json"), (timeout.Value, timeout.Source));
    }

    [Fact]
    public void WithoutAHostJsonTheLimitIsAzuresForAnHttpRequest()
    {
        var empty = Directory.CreateTempSubdirectory();
        var timeout = HostFunctionTimeout.Read(new ConfigurationBuilder().Build(), empty.FullName);
        empty.Delete();

        Assert.Equal(TimeSpan.FromSeconds(230), timeout.Value);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddLogisticsFunctions(configuration).BuildServiceProvider();
    }

    private static async Task StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        // Loopback nowhere: start-up must not depend on WeChat being reachable.
        builder.Configuration["WeChat:ApiBaseUrl"] ??= "http://127.0.0.1:9/";
        builder.Services.AddLogisticsFunctions(builder.Configuration);
        // Validation is what is under test; the warm-up would reach for the (unreal) vault and WeChat.
        builder.Services.RemoveAll<IHostedService>();
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
    }
}
