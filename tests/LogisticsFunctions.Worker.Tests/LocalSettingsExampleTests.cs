using System.Text.Json.Nodes;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Worker.Tests;

/// <summary>
/// local.settings.example.json is what tools/run-local.sh hands Core Tools: with exactly its values the
/// published worker must serve the seed's waybill from the simulator.
/// </summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class LocalSettingsExampleTests(PublishedWorkerFixture worker)
{
    [Fact]
    public async Task The_example_settings_run_the_app_against_the_simulator()
    {
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(PublishedWorkerFixture.FindRepositoryRoot(), "local.settings.example.json")))!;
        var values = example["Values"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value);
        await using var weChat = await WeChatSimulatorServer.StartAsync();

        // The example names the simulator as run-local.sh starts it, with the simulator's own credentials.
        Assert.Equal("http://127.0.0.1:5080/", values["WeChat__ApiBaseUrl"]);
        Assert.Equal(weChat.AppId, values["WeChat__AppId"]);
        Assert.Equal(weChat.AppSecret, values["WeChat__AppSecret"]);

        // Only the port differs here: the test's simulator listens on a free one.
        var settings = WorkerSettings.Complete(weChat.BaseAddress);
        foreach (var (key, value) in values)
        {
            settings[key] = key == "WeChat__ApiBaseUrl" ? weChat.BaseAddress.AbsoluteUri : value;
        }

        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(settings));
        var response = await host.PostGetPathAsync("""{"orderId":"o-1","deliveryId":"SF","waybillId":"12345678901234567890"}""");

        Assert.True(response.GetStatusCode() == 200, $"{response.GetBodyText()}{Environment.NewLine}{host.Output.Describe()}");
        Assert.EndsWith("\"errMsg\":\"openapi.logistics.getPath:ok\",\"errCode\":0}", response.GetBodyText(), StringComparison.Ordinal);
    }
}
