using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.WeChatSimulator.Backend;
using LogisticsFunctions.WeChatSimulator.Push;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Worker.Tests;

/// <summary>
/// The relay in the real published worker, invoked for queue messages as the Functions host's queue listener would
/// invoke it (<see cref="HostQueueListener"/>, a stand-in for the host) against Azurite, delivering to the
/// simulator's backend on loopback, which verifies each webhook with the StandardWebhooks library.
/// </summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class WebhookRelayEndToEndTests(PublishedWorkerFixture worker) : IAsyncLifetime
{
    private const string EventQueue = "express-path-events";
    private const string RetryQueue = "express-path-events-retry";
    private const string PoisonQueue = "express-path-events-poison";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private AzuriteServer _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteServer.StartAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task TestUpdateOrder_to_push_to_queue_to_relay_to_a_backend_that_verifies_the_signature()
    {
        await using var frontEnd = await HostHttpFrontEnd.StartAsync("logistics/push", "ExpressPathPush");
        await using var weChat = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions
        {
            Push = new PushOptions { TargetUrl = new Uri(frontEnd.Address, "api/logistics/push"), Mode = PushMode.Safe, Format = PushFormat.Xml },
        });
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(Settings(weChat.WebhookUrl, weChat.BaseAddress)));
        frontEnd.Host = host;
        await using var relay = HostQueueListener.Start(host, "ExpressPathRelay", _azurite.ConnectionString, EventQueue);

        var added = await host.InvokeAsync("AddOrder", "POST", "logistics/addOrder", AddTestOrder);
        var waybillId = (string?)JsonNode.Parse(added.GetBodyText())!["waybillId"];
        await host.InvokeAsync("TestUpdateOrder", "POST", "logistics/testUpdateOrder",
            $$"""{"bizId":"test_biz_id","orderId":"relay-order-1","deliveryId":"TEST","waybillId":"{{waybillId}}","actionTime":1700000000,"actionType":100001,"actionMsg":"揽件成功"}""");
        var push = await Assert.Single(weChat.Pushes);
        await WaitUntilAsync(() => weChat.Webhooks.Receipts.Count == 1, host);

        Assert.True(push.Delivered, string.Join("; ", push.Attempts));
        var receipt = Assert.Single(weChat.Webhooks.Receipts);
        Assert.True(receipt.Verified, receipt.Problem);
        var body = JsonNode.Parse(receipt.Body)!;
        Assert.Equal(("logistics.path.updated", "TEST", waybillId, 1), ((string?)body["type"], (string?)body["data"]!["DeliveryID"], (string?)body["data"]!["WayBillId"], (int?)body["data"]!["Version"]));
        Assert.Equal("揽件成功", (string?)body["data"]!["Actions"]![0]!["ActionMsg"]);
        Assert.Matches("^msg_[0-9a-f]{64}$", receipt.WebhookId);
        var node = await WebhookCheckScripts.VerifyWithNodeAsync(WebhookBackend.DevelopmentSecret, receipt);
        var python = await WebhookCheckScripts.VerifyWithPythonAsync(WebhookBackend.DevelopmentSecret, receipt);
        Assert.Equal((0, $"verified logistics.path.updated {receipt.WebhookId}"), node);
        Assert.Equal((0, $"verified logistics.path.updated {receipt.WebhookId}"), python);
        Assert.Equal((1, 0), (relay.Invocations, relay.Failures));
        Assert.Equal((0, 0, 0), (await CountAsync(EventQueue), await CountAsync(RetryQueue), await CountAsync(PoisonQueue)));
    }

    [Fact]
    public async Task A_failed_attempt_waits_on_the_retry_queue_and_the_retry_function_delivers_it_when_due()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(Settings(weChat.WebhookUrl, weChat.BaseAddress)));
        await using var relay = HostQueueListener.Start(host, "ExpressPathRelay", _azurite.ConnectionString, EventQueue);
        await using var retries = HostQueueListener.Start(host, "ExpressPathRelayRetry", _azurite.ConnectionString, RetryQueue);
        weChat.EnqueueFault(SimulatorEndpoint.Webhook, SimulatorFault.HttpStatus(503));

        await Queue(EventQueue).SendMessageAsync(EventJson(version: 4));
        await WaitUntilAsync(() => weChat.Calls(SimulatorEndpoint.Webhook) == 1, host);
        await WaitUntilAsync(() => weChat.Webhooks.Receipts.Count == 1, host);

        Assert.True(weChat.Webhooks.Receipts[0].Verified, weChat.Webhooks.Receipts[0].Problem);
        Assert.Equal(2, weChat.Calls(SimulatorEndpoint.Webhook));
        Assert.Equal((1, 1, 0, 0), (relay.Invocations, retries.Invocations, relay.Failures, retries.Failures));
        Assert.Equal((0, 0, 0), (await CountAsync(EventQueue), await CountAsync(RetryQueue), await CountAsync(PoisonQueue)));
    }

    [Fact]
    public async Task Gone_puts_the_event_on_the_dead_letter_queue_at_once_with_its_status()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(Settings(weChat.WebhookUrl, weChat.BaseAddress)));
        await using var relay = HostQueueListener.Start(host, "ExpressPathRelay", _azurite.ConnectionString, EventQueue);
        weChat.SetPersistentFault(SimulatorEndpoint.Webhook, SimulatorFault.HttpStatus(410));

        await Queue(EventQueue).SendMessageAsync(EventJson(version: 5));
        await WaitUntilAsync(() => relay.Invocations == 1, host);
        await WaitUntilAsync(() => CountAsync(EventQueue).Result == 0, host);

        var deadLetter = JsonNode.Parse(Assert.Single((await Queue(PoisonQueue).PeekMessagesAsync(32)).Value).Body.ToString())!;
        Assert.Equal((1, "HTTP 410", "gone", 5), ((int?)deadLetter["attempts"], (string?)deadLetter["lastStatus"], (string?)deadLetter["deadLetterReason"], (int?)deadLetter["event"]!["Version"]));
        Assert.Equal((1, 0), (weChat.Calls(SimulatorEndpoint.Webhook), relay.Failures));
        Assert.Equal(0, await CountAsync(RetryQueue));
    }

    [Fact]
    public async Task Without_a_URL_a_relay_the_host_invokes_anyway_puts_the_event_back_and_poisons_nothing()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(Settings(webhookUrl: null, weChat.BaseAddress)));
        await using var relay = HostQueueListener.Start(host, "ExpressPathRelay", _azurite.ConnectionString, EventQueue);

        await Queue(EventQueue).SendMessageAsync(EventJson(version: 6));
        await WaitUntilAsync(() => relay.Invocations == 1, host);
        await Task.Delay(HostQueueListener.MaxPollingInterval * 2);

        Assert.Equal((1, 0), (relay.Invocations, relay.Failures));
        Assert.Equal(0, weChat.Calls(SimulatorEndpoint.Webhook));
        // Back on the queue, hidden for five minutes, for the operator's own consumer; nothing dead-lettered.
        Assert.Equal((1, 0, 0), (await CountAsync(EventQueue), await CountAsync(RetryQueue), await CountAsync(PoisonQueue)));
        Assert.Empty((await Queue(EventQueue).ReceiveMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task The_example_local_settings_relay_to_the_simulators_backend_with_the_secret_it_verifies_with()
    {
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(PublishedWorkerFixture.FindRepositoryRoot(), "local.settings.example.json")))!["Values"]!;
        await using var weChat = await WeChatSimulatorServer.StartAsync();

        Assert.Equal(new Uri(new Uri("http://127.0.0.1:5080/"), weChat.WebhookUrl.AbsolutePath).AbsoluteUri, (string?)example["Webhook__Url"]);
        Assert.Equal(weChat.Webhooks.Secret, (string?)example["Webhook__Secret"]);
    }

    [Theory]
    [InlineData("ExpressPathRelay", "express-path-events")]
    [InlineData("ExpressPathRelayRetry", "express-path-events-retry")]
    public async Task The_relay_functions_are_queue_triggers_on_their_queues_through_AzureWebJobsStorage_taking_the_message_as_text(string name, string queue)
    {
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Unreachable()));

        var function = Assert.Single(host.Functions, function => function.Name == name);
        var trigger = System.Text.Json.JsonDocument.Parse(Assert.Single(function.RawBindings)).RootElement;

        Assert.Equal(("queueTrigger", "In", queue, "AzureWebJobsStorage", "String"), (
            trigger.GetProperty("type").GetString(), trigger.GetProperty("direction").GetString(), trigger.GetProperty("queueName").GetString(),
            trigger.GetProperty("connection").GetString(), trigger.GetProperty("dataType").GetString()));
    }

    [Fact]
    public async Task The_stand_in_listener_polls_and_retries_with_the_values_of_the_published_host_json()
    {
        var queues = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(worker.WorkerDirectory, "host.json")))!["extensions"]!["queues"]!;

        Assert.Equal(HostQueueListener.MaxPollingInterval, TimeSpan.Parse((string)queues["maxPollingInterval"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HostQueueListener.VisibilityTimeout, TimeSpan.Parse((string)queues["visibilityTimeout"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((HostQueueListener.BatchSize, HostQueueListener.MaxDequeueCount), ((int)queues["batchSize"]!, (int)queues["maxDequeueCount"]!));
        Assert.Equal("base64", (string?)queues["messageEncoding"]);
    }

    private const string AddTestOrder = """
        {"addSource":0,"orderId":"relay-order-1","openid":"OPENID","deliveryId":"TEST","bizId":"test_biz_id",
        "sender":{"name":"张三","mobile":"13800000000","province":"广东省","city":"广州市","area":"海珠区","address":"XX路XX号"},
        "receiver":{"name":"王小蒙","mobile":"13800000001","province":"广东省","city":"广州市","area":"天河区","address":"XX路XX号"},
        "cargo":{"count":1,"weight":1.2,"spaceX":20,"spaceY":15,"spaceZ":10,"detailList":[{"name":"一本书","count":1}]},
        "shop":{"wxaPath":"/index/index","imgUrl":"https://mmbiz.qpic.cn/1.png","goodsName":"一本书","goodsCount":1},
        "insured":{"useInsured":0,"insuredValue":0},"service":{"serviceType":0,"serviceName":"标准快递"}}
        """;

    private Dictionary<string, string?> Settings(Uri? webhookUrl, Uri weChat) =>
        new(WorkerSettings.Complete(weChat), StringComparer.Ordinal)
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Webhook__Url"] = webhookUrl?.AbsoluteUri,
            ["Webhook__Secret"] = WebhookBackend.DevelopmentSecret,
        };

    private static string EventJson(int version) =>
        $$"""{"ToUserName":"gh_0123456789ab","FromUserName":"OPENID","CreateTime":1700000003,"MsgType":"event","Event":"add_express_path","DeliveryID":"TEST","WayBillId":"TEST123456789012","Version":{{version}},"Count":1,"Actions":[{"ActionTime":1700000000,"ActionType":100001,"ActionMsg":"揽件成功"}]}""";

    private QueueClient Queue(string name)
    {
        var queue = new QueueClient(_azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        queue.CreateIfNotExists();
        return queue;
    }

    private async Task<int> CountAsync(string name) => (await Queue(name).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    // The listener runs on its own; this waits for what it should have done, bounded, and never decides a count.
    private static async Task WaitUntilAsync(Func<bool> condition, FunctionsTestHost host)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < Patience)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), $"not reached within {Patience.TotalSeconds} s{Environment.NewLine}{host.Output.Describe()}");
    }
}
