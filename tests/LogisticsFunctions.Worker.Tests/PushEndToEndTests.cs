using System.Text.Json.Nodes;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.WeChatSimulator.Push;
using LogisticsFunctions.Worker.Tests.Hosting;
using LogisticsFunctions.Worker.Tests.Push;

namespace LogisticsFunctions.Worker.Tests;

/// <summary>
/// The simulator pushes as WeChat does (signed, encrypted, over HTTP, tried three times) to the real
/// published worker through an HTTP front end, and the event lands on the Azurite queue once, as a
/// backend's queue trigger reads it: base64 of the event's JSON with WeChat's field names.
/// </summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class PushEndToEndTests(PublishedWorkerFixture worker) : IAsyncLifetime
{
    private AzuriteServer _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteServer.StartAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task Every_mode_and_format_of_a_simulator_push_lands_once_on_the_queue_as_the_same_JSON()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        // Plain mode takes encrypted pushes as well as plain ones: the receiver opened widest.
        var settings = Settings(weChat);
        settings["WeChat__PushMode"] = "plain";
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(settings));
        await using var frontEnd = await HostHttpFrontEnd.StartAsync(host, "logistics/push", "ExpressPathPush");
        var version = 0;
        foreach (var mode in Enum.GetValues<PushMode>())
        {
            foreach (var format in Enum.GetValues<PushFormat>())
            {
                using var pusher = new WeChatPusher(new PushOptions { TargetUrl = new Uri(frontEnd.Address, "api/logistics/push"), Mode = mode, Format = format });
                var update = Update(++version);

                var delivery = await pusher.PushAsync(update);

                Assert.True(delivery.Delivered, $"{mode}/{format}: {string.Join("; ", delivery.Attempts)}{Environment.NewLine}{host.Output.Describe()}");
                Assert.Single(delivery.Attempts);
                var message = Assert.Single(await QueuedEvents.ReceiveAllAsync(_azurite.ConnectionString));
                Assert.Equal(update.ToMessage().ToJsonString(), QueuedEvents.Normalised(message).ToJsonString());
            }
        }
    }

    [Fact]
    public async Task A_test_orders_new_node_flows_from_testUpdateOrder_to_the_queue()
    {
        // The simulator pushes to the front end, and the worker calls the simulator: the front end starts first.
        await using var frontEnd = await HostHttpFrontEnd.StartAsync("logistics/push", "ExpressPathPush");
        await using var weChat = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions
        {
            Push = new PushOptions { TargetUrl = new Uri(frontEnd.Address, "api/logistics/push"), Mode = PushMode.Safe, Format = PushFormat.Json },
        });
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(Settings(weChat)));
        frontEnd.Host = host;

        var added = await host.InvokeAsync("AddOrder", "POST", "logistics/addOrder", AddTestOrder);
        var waybillId = (string?)JsonNode.Parse(added.GetBodyText())!["waybillId"];
        var updated = await host.InvokeAsync("TestUpdateOrder", "POST", "logistics/testUpdateOrder",
            $$"""{"bizId":"test_biz_id","orderId":"test-order-1","deliveryId":"TEST","waybillId":"{{waybillId}}","actionTime":1700000000,"actionType":100001,"actionMsg":"揽件成功"}""");
        var delivery = await Assert.Single(weChat.Pushes);

        Assert.Equal((200, 200), (added.GetStatusCode(), updated.GetStatusCode()));
        Assert.True(delivery.Delivered, $"{string.Join("; ", delivery.Attempts)}{Environment.NewLine}{host.Output.Describe()}");
        var message = Assert.Single(await QueuedEvents.ReceiveAllAsync(_azurite.ConnectionString));
        Assert.Equal(("TEST", waybillId, "test-order-1", 1), ((string?)message["DeliveryID"], (string?)message["WayBillId"], (string?)message["OrderId"], (int?)message["Version"]));
        var action = Assert.Single(message["Actions"]!.AsArray());
        Assert.Equal(("揽件成功", 100001), ((string?)action!["ActionMsg"], (int?)action["ActionType"]));
    }

    [Fact]
    public async Task The_URL_verification_answers_echostr_through_the_worker()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(Settings(weChat)));
        await using var frontEnd = await HostHttpFrontEnd.StartAsync(host, "logistics/push", "ExpressPathPush");
        using var pusher = new WeChatPusher(new PushOptions { TargetUrl = new Uri(frontEnd.Address, "api/logistics/push") });

        var attempt = await pusher.VerifyUrlAsync("7431209458342718435");

        Assert.Equal((200, "7431209458342718435"), (attempt.StatusCode, attempt.ResponseBody));
    }

    private const string AddTestOrder = """
        {"addSource":0,"orderId":"test-order-1","openid":"OPENID","deliveryId":"TEST","bizId":"test_biz_id",
        "sender":{"name":"张三","mobile":"13800000000","province":"广东省","city":"广州市","area":"海珠区","address":"XX路XX号"},
        "receiver":{"name":"王小蒙","mobile":"13800000001","province":"广东省","city":"广州市","area":"天河区","address":"XX路XX号"},
        "cargo":{"count":1,"weight":1.2,"spaceX":20,"spaceY":15,"spaceZ":10,"detailList":[{"name":"一本书","count":1}]},
        "shop":{"wxaPath":"/index/index","imgUrl":"https://mmbiz.qpic.cn/1.png","goodsName":"一本书","goodsCount":1},
        "insured":{"useInsured":0,"insuredValue":0},"service":{"serviceType":0,"serviceName":"标准快递"}}
        """;

    private Dictionary<string, string?> Settings(WeChatSimulatorServer weChat) =>
        new(WorkerSettings.Complete(weChat.BaseAddress), StringComparer.Ordinal) { ["AzureWebJobsStorage"] = _azurite.ConnectionString };

    private static ExpressPathEvent Update(int version) => new(
        "gh_0123456789ab", "OPENID", 1_700_000_000 + version, "TEST", "TEST1234567890", "test-order-1", version,
        [new(1_700_000_000, 100001, "揽件成功"), new(1_700_000_000 + version, 200001, "快件已到达【广州转运中心】")]);
}
