using System.Text.Json.Nodes;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Worker.Tests;

/// <summary>
/// The vault path inside the real worker: KeyVault__VaultUri set, SecretClient and ManagedIdentityCredential
/// built by the app's own registration. The vault is a dead address on loopback, so the request must come
/// back as the documented JSON error, not a bare 500.
/// <para>
/// The read runs with the shipped KeyVault__ReadTimeout, which by design outlasts the SDK's own retries.
/// A refused connection fails only once the SDK has retried it (twice, about 0.6 s of back-off) in a worker
/// that is still starting; a shorter test-only deadline races that and, on a busy machine, wins with
/// "did not answer in time" instead of "could not be reached".
/// </para>
/// </summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class KeyVaultFailureTests(PublishedWorkerFixture worker)
{
    [Fact]
    public async Task An_unreachable_vault_answers_503_naming_the_secret_and_nothing_of_the_vault()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        var settings = WorkerSettings.Complete(weChat.BaseAddress);
        settings["WeChat__AppSecret"] = null;
        settings["KeyVault__VaultUri"] = "https://127.0.0.1:9/";
        settings["WeChat__AppSecretName"] = "wechat-app-secret";
        // As on Azure Functions: the managed identity endpoint (here a port where nothing listens), which
        // makes the app use ManagedIdentityCredential alone, never developer tools or the network.
        settings["IDENTITY_ENDPOINT"] = "http://127.0.0.1:9/msi/token";
        settings["IDENTITY_HEADER"] = "test";
        settings["AZURE_CLIENT_ID"] = "3f1c7e0a-6b2d-4e55-9a51-2c8d1f0b7a64";

        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(settings));
        var response = await host.PostGetPathAsync(SeedExample.Request);

        var body = response.GetBodyText();
        Assert.True(response.GetStatusCode() == 503, $"{response.StatusCode}: {body}{Environment.NewLine}{host.Output.Describe()}");
        var json = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(-601001, (int?)json["errCode"]);
        Assert.Equal("openapi.logistics.getPath:fail Key Vault could not be reached to read secret 'wechat-app-secret'", (string?)json["errMsg"]);
        Assert.Equal("5", response.GetHeader("Retry-After"));
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.Equal(0, weChat.StableTokenCalls);
    }
}
