using System.Text.Json;
using Azure.Storage.Queues;
using System.Text.Json.Nodes;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.WeChatSimulator.Push;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Worker.Tests.Push;

/// <summary>
/// The push receiver's defaults in the real worker: safe mode refuses plain pushes, a hanging storage account
/// is answered within WeChat's 5 s, and a deployment without push settings starts and serves everything else.
/// </summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class PushReceiverTests(PublishedWorkerFixture worker)
{
    [Fact]
    public async Task A_plain_push_to_the_default_safe_receiver_is_refused_403_and_queues_nothing()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        var settings = WorkerSettings.Complete(weChat.BaseAddress);
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(settings));
        await using var frontEnd = await HostHttpFrontEnd.StartAsync(host, "logistics/push", "ExpressPathPush");
        using var pusher = new WeChatPusher(new PushOptions { TargetUrl = new Uri(frontEnd.Address, "api/logistics/push"), Mode = PushMode.Plain, Attempts = 1 });

        var delivery = await pusher.PushAsync(new ExpressPathEvent("gh_0123456789ab", "OPENID", 1_700_000_000, "SF", "SF1", null, 1, []));

        var attempt = Assert.Single(delivery.Attempts);
        Assert.True(attempt.StatusCode == 403, $"{attempt}{Environment.NewLine}{host.Output.Describe()}");
        Assert.Equal("the push is not encrypted: in safe mode only pushes with Encrypt and msg_signature are taken", attempt.ResponseBody);
        // Refused before storage was touched at all: not even the queue was made.
        Assert.False((await new QueueClient(azurite.ConnectionString, "express-path-events").ExistsAsync()).Value);
    }

    [Fact]
    public async Task Every_push_is_answered_503_within_WeChats_5_s_while_storage_hangs()
    {
        await using var blackHole = BlackHoleServer.Start();
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        var settings = WorkerSettings.Complete(weChat.BaseAddress);
        settings["AzureWebJobsStorage"] = blackHole.ConnectionString;
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(settings));
        await using var frontEnd = await HostHttpFrontEnd.StartAsync(host, "logistics/push", "ExpressPathPush");
        // WeChat's own patience: one try, dropped after 5 s. A bound generous to a loaded machine, not a measurement.
        using var pusher = new WeChatPusher(new PushOptions { TargetUrl = new Uri(frontEnd.Address, "api/logistics/push"), Attempts = 1 });

        var delivery = await pusher.PushAsync(new ExpressPathEvent("gh_0123456789ab", "OPENID", 1_700_000_000, "SF", "SF1", null, 1, []));

        var attempt = Assert.Single(delivery.Attempts);
        Assert.True(attempt.StatusCode == 503, $"{attempt}{Environment.NewLine}{host.Output.Describe()}");
        Assert.Equal("temporarily unavailable, try again", attempt.ResponseBody);
        Assert.True(blackHole.Connections > 0, "the worker never reached the hanging storage");
    }

    [Fact]
    public async Task Without_push_settings_the_worker_starts_serves_every_cloud_call_method_and_answers_the_push_500_naming_the_setting()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        var settings = WorkerSettings.Complete(weChat.BaseAddress);
        settings["WeChat__PushToken"] = null;
        settings["WeChat__PushEncodingAesKey"] = null;
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(settings));

        // Every method of the OpenAPI document, with its own example, answers as the cloud call does.
        var document = JsonNode.Parse((await host.InvokeAsync("OpenApiDocument", "GET", "openapi.json", "")).GetBodyText())!;
        var paths = document["paths"]!.AsObject();
        Assert.Equal(12, paths.Count);
        foreach (var (path, item) in paths)
        {
            var method = (string)item!["post"]!["operationId"]!;
            var example = item["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!.ToJsonString();
            var response = await host.InvokeAsync(char.ToUpperInvariant(method[0]) + method[1..], "POST", path["/api/".Length..], example);

            var body = response.GetBodyText();
            Assert.True(response.GetStatusCode() is not (500 or 503), $"{method}: {response.StatusCode} {body}");
            using var json = JsonDocument.Parse(body);
            Assert.StartsWith($"openapi.logistics.{method}:", json.RootElement.GetProperty("errMsg").GetString(), StringComparison.Ordinal);
        }

        await using var frontEnd = await HostHttpFrontEnd.StartAsync(host, "logistics/push", "ExpressPathPush");
        using var pusher = new WeChatPusher(new PushOptions { TargetUrl = new Uri(frontEnd.Address, "api/logistics/push"), Attempts = 1 });
        var push = Assert.Single((await pusher.PushAsync(new ExpressPathEvent("gh_0123456789ab", "OPENID", 1_700_000_000, "SF", "SF1", null, 1, []))).Attempts);
        var verification = await pusher.VerifyUrlAsync("7431209458342718435");

        foreach (var attempt in new[] { push, verification })
        {
            Assert.Equal(500, attempt.StatusCode);
            Assert.StartsWith("the push receiver is not configured: set WeChat__PushToken", attempt.ResponseBody, StringComparison.Ordinal);
        }
    }
}
