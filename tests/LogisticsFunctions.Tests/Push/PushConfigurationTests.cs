using System.Net;
using LogisticsFunctions.Push;
using LogisticsFunctions.WeChat.Push;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Tests.Push;

/// <summary>The push settings: missing or invalid ones stop the app at start, named as app settings and never echoed.</summary>
public sealed class PushConfigurationTests
{
    private static Dictionary<string, string?> Valid() => PushTestApp.DefaultSettings("UseDevelopmentStorage=true");

    [Theory]
    [InlineData("WeChat:PushToken", null, "WeChat__PushToken is required when the other WeChat__Push values are set and KeyVault__VaultUri is not")]
    [InlineData("WeChat:PushToken", " ", "WeChat__PushToken is required when the other WeChat__Push values are set and KeyVault__VaultUri is not")]
    [InlineData("WeChat:PushEncodingAesKey", null, "WeChat__PushEncodingAesKey is required when WeChat__PushMode is safe or compatible")]
    [InlineData("WeChat:PushEncodingAesKey", "tooShortButSecret", "WeChat__PushEncodingAesKey must be the 43-character EncodingAESKey")]
    [InlineData("WeChat:PushMode", "encrypted", "WeChat__PushMode must be safe, compatible or plain")]
    [InlineData("WeChat:PushPreviousTokenLifetime", "00:00:30", "WeChat__PushPreviousTokenLifetime must be between one minute and one day")]
    [InlineData("WeChat:PushPreviousTokenLifetime", "2.00:00:00", "WeChat__PushPreviousTokenLifetime must be between one minute and one day")]
    [InlineData("WeChat:PushPreviousEncodingAesKey", "tooShortButSecret", "WeChat__PushPreviousEncodingAesKey, when set, must be")]
    [InlineData("WeChat:PushTimestampSkew", "00:00:00", "WeChat__PushTimestampSkew must be a positive time span")]
    [InlineData("WeChat:PushTimestampSkew", "02:00:00", "WeChat__PushTimestampSkew must be a positive time span of at most one hour")]
    [InlineData("AzureWebJobsStorage", null, "AzureWebJobsStorage is required")]
    [InlineData("AzureWebJobsStorage", "AccountName=x;AccountKey=tooShortButSecret;Nonsense", "AzureWebJobsStorage is not a valid storage connection string")]
    public async Task TheAppDoesNotStartWithABadPushSettingAndNamesItWithoutItsValue(string key, string? value, string message)
    {
        var settings = Valid();
        settings[key] = value;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(settings));

        var failures = error is AggregateException aggregate ? aggregate.InnerExceptions : [error];
        Assert.All(failures, failure => Assert.IsType<OptionsValidationException>(failure));
        Assert.Contains(failures, failure => failure.Message.Contains(message, StringComparison.Ordinal));
        Assert.DoesNotContain("tooShortButSecret", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("compatible")]
    [InlineData("safe")]
    public async Task SafeAndCompatibleModesWithoutAKeyDoNotStartNeverFallingBackToPlain(string mode)
    {
        var settings = Valid();
        settings["WeChat:PushMode"] = mode;
        settings["WeChat:PushEncodingAesKey"] = null;

        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => StartAsync(settings));

        Assert.Contains("WeChat__PushEncodingAesKey is required when WeChat__PushMode is safe or compatible", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainModeStartsWithoutAKey()
    {
        var settings = Valid();
        settings["WeChat:PushMode"] = "Plain";
        settings["WeChat:PushEncodingAesKey"] = null;

        await StartAsync(settings);
        await using var app = Build(settings);

        Assert.Equal(PushEncryptionMode.Plain, app.GetRequiredService<IOptions<PushOptions>>().Value.Mode);
    }

    [Fact]
    public async Task WithoutAnyPushSettingTheAppStartsAndThePushEndpointAnswers500NamingTheSetting()
    {
        var settings = Valid();
        settings["WeChat:PushToken"] = null;
        settings["WeChat:PushEncodingAesKey"] = null;

        await StartAsync(settings);
        await using var app = PushTestApp.Create("UseDevelopmentStorage=true", settings);
        var weChat = new TestPushBuilder(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow);
        var post = await app.SendAsync(weChat.Post(new TestExpressPath(), TestPushMode.Safe, TestPushFormat.Xml));
        var get = await app.SendAsync(weChat.Get("echo"));

        foreach (var response in new[] { post, get })
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.StartsWith("the push receiver is not configured: set WeChat__PushToken", response.BodyText, StringComparison.Ordinal);
        }

        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("the push receiver is not configured", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:blobServiceUri", "http://account.blob.core.windows.net/", "AzureWebJobsStorage__blobServiceUri must be the storage account's https endpoint")]
    [InlineData("AzureWebJobsStorage:queueServiceUri", null, "AzureWebJobsStorage__queueServiceUri must be the storage account's https endpoint")]
    public async Task IdentityBasedStorageNeedsBothHttpsEndpoints(string key, string? value, string message)
    {
        var settings = Valid();
        settings["AzureWebJobsStorage"] = null;
        settings["AzureWebJobsStorage:blobServiceUri"] = "https://account.blob.core.windows.net/";
        settings["AzureWebJobsStorage:queueServiceUri"] = "https://account.queue.core.windows.net/";
        settings["AzureWebJobsStorage:credential"] = "managedidentity";
        settings[key] = value;

        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => StartAsync(settings));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAVaultThePushValuesAreNotNeededAndTheSecretNamesHaveDefaults()
    {
        var settings = Valid();
        settings["WeChat:PushToken"] = null;
        settings["WeChat:PushEncodingAesKey"] = null;
        settings["KeyVault:VaultUri"] = "https://my-vault.vault.azure.net/";

        await StartAsync(settings);
        await using var app = Build(settings);
        var options = app.GetRequiredService<IOptions<PushOptions>>().Value;

        Assert.Equal("wechat-push-token", options.PushTokenSecretName);
        Assert.Equal("wechat-push-encoding-aes-key", options.PushEncodingAesKeySecretName);
        Assert.Null(options.PushPreviousEncodingAesKeySecretName);
        Assert.Equal(TimeSpan.FromMinutes(5), options.PushTimestampSkew);
        Assert.Equal(PushEncryptionMode.Safe, options.Mode);
        Assert.Equal(TimeSpan.FromMinutes(10), options.PushPreviousTokenLifetime);
        Assert.IsType<KeyVaultPushSecrets>(app.GetRequiredService<IPushSecrets>());
    }

    [Fact]
    public async Task IdentityBasedStorageReachesTheQueueAndContainerOfTheNamedAccount()
    {
        var settings = Valid();
        settings["AzureWebJobsStorage"] = null;
        settings["AzureWebJobsStorage:blobServiceUri"] = "https://account.blob.core.windows.net";
        settings["AzureWebJobsStorage:queueServiceUri"] = "https://account.queue.core.windows.net/";
        settings["AzureWebJobsStorage:credential"] = "managedidentity";
        settings["AzureWebJobsStorage:clientId"] = "3f1c7e0a-6b2d-4e55-9a51-2c8d1f0b7a64";

        await StartAsync(settings);
        await using var app = Build(settings);
        var storage = app.GetRequiredService<PushStorage>();

        Assert.Equal(new Uri("https://account.queue.core.windows.net/express-path-events"), storage.Queue.Uri);
        Assert.Equal(new Uri("https://account.blob.core.windows.net/express-path-dedup"), storage.Markers.Uri);
        Assert.False(app.GetRequiredService<IOptions<PushStorageOptions>>().Value.CreateIfMissing);
    }

    [Fact]
    public async Task AnAccountNameAloneGivesThePublicCloudEndpoints()
    {
        var settings = Valid();
        settings["AzureWebJobsStorage"] = null;
        settings["AzureWebJobsStorage:accountName"] = "account";

        await using var app = Build(settings);
        var storage = app.GetRequiredService<PushStorage>();

        Assert.Equal(new Uri("https://account.queue.core.windows.net/express-path-events"), storage.Queue.Uri);
    }

    [Fact]
    public async Task LocallyTheSettingsAreUsedAndTheQueueIsCreatedWhenMissing()
    {
        await using var app = Build(Valid());

        Assert.IsType<ConfiguredPushSecrets>(app.GetRequiredService<IPushSecrets>());
        Assert.True(app.GetRequiredService<IOptions<PushStorageOptions>>().Value.CreateIfMissing);
        Assert.Equal("express-path-events", app.GetRequiredService<PushStorage>().Queue.Name);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddLogisticsFunctions(configuration).BuildServiceProvider();
    }

    private static async Task StartAsync(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddLogisticsFunctions(configuration);
                // Validation is what is under test; GetPath's warm-up would reach for the (unreal) vault.
                services.RemoveAll<IHostedService>();
            })
            .Build();
        await host.StartAsync();
        await host.StopAsync();
    }
}
