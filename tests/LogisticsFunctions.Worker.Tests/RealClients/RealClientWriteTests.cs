using System.Text.Json.Nodes;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Worker.Tests.RealClients;

/// <summary>
/// A write whose outcome is unknown, called the way backends call the app: through the Kiota client generated from
/// docs/openapi.json and through an HttpClient with the standard resilience handler, each with its defaults, over real
/// HTTP into the published worker, against a simulator that carries the write out and then loses its answer (reset,
/// HTTP 5xx, errcode -1, or an answer held past the request's deadline). WeChat must carry the write out exactly
/// once: the answer (424, no Retry-After) is not one either stack retries on its own.
/// </summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class RealClientWriteTests(PublishedWorkerFixture worker) : IAsyncLifetime
{
    private const string OrderId = "real-client-order";

    private WeChatSimulatorServer _weChat = null!;
    private FunctionsTestHost _host = null!;
    private HostHttpFrontEnd _frontEnd = null!;

    public async Task InitializeAsync()
    {
        _weChat = await WeChatSimulatorServer.StartAsync();
        _host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Complete(_weChat.BaseAddress)));
        _frontEnd = await HostHttpFrontEnd.StartAsync(_host, new Dictionary<string, string>
        {
            ["logistics/addOrder"] = "AddOrder",
            ["logistics/testUpdateOrder"] = "TestUpdateOrder",
        });
    }

    public async Task DisposeAsync()
    {
        await _frontEnd.DisposeAsync();
        await _host.DisposeAsync();
        await _weChat.DisposeAsync();
    }

    public static TheoryData<string, string> StacksAndLosses()
    {
        var cases = new TheoryData<string, string>();
        foreach (var stack in new[] { CallerClient.Kiota, CallerClient.StandardResilience })
        {
            foreach (var loss in new[] { "reset", "http502", "http503", "busy", "stall" })
            {
                cases.Add(stack, loss);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(StacksAndLosses))]
    public async Task A_test_order_node_whose_answer_is_lost_is_added_once_whatever_the_callers_stack(string stack, string loss)
    {
        var waybillId = await PlaceTestOrderAsync();
        _weChat.EnqueueFault(SimulatorEndpoint.TestUpdateOrder, SimulatorFault.AfterActing(Loss(loss)));
        using var caller = CallerClient.Create(stack, _frontEnd.Address);

        var outcome = await caller.TestUpdateOrderAsync(
            $$"""{"bizId":"test_biz_id","orderId":"{{OrderId}}","deliveryId":"TEST","waybillId":"{{waybillId}}","actionTime":1700000000,"actionType":100001,"actionMsg":"揽件成功"}""");

        // WeChat's own count first: had the stack repeated the write, the repeat would have added a second node.
        var nodes = await PathNodesAsync(waybillId);
        Assert.True(
            (nodes, _weChat.Calls(SimulatorEndpoint.TestUpdateOrder)) == (1, 1),
            $"{stack}/{loss}: {nodes} nodes after {_weChat.Calls(SimulatorEndpoint.TestUpdateOrder)} calls; the caller saw {outcome}{Environment.NewLine}{_host.Output.Describe()}");
        Assert.Equal(new CallerOutcome(424, ErrCode(loss), RetryAfter: null), outcome);
    }

    [Theory]
    [InlineData(CallerClient.Kiota)]
    [InlineData(CallerClient.StandardResilience)]
    public async Task An_order_whose_answer_is_lost_comes_back_recovered_through_either_stack(string stack)
    {
        _weChat.EnqueueFault(SimulatorEndpoint.OrderAdd, SimulatorFault.AfterActing(SimulatorFault.ResetConnection()));
        using var caller = CallerClient.Create(stack, _frontEnd.Address);

        var outcome = await caller.AddOrderAsync(Order("SF", "xyz"));

        Assert.Equal((200, 0, true), (outcome.Status, outcome.ErrCode, outcome.Recovered));
        Assert.StartsWith("SF", outcome.WaybillId, StringComparison.Ordinal);
        Assert.Equal((1, 1), (_weChat.Calls(SimulatorEndpoint.OrderAdd), _weChat.Calls(SimulatorEndpoint.OrderGet)));
    }

    [Theory]
    [InlineData(CallerClient.Kiota)]
    [InlineData(CallerClient.StandardResilience)]
    public async Task An_order_that_cannot_be_found_out_is_424_and_neither_stack_sends_it_again(string stack)
    {
        _weChat.EnqueueFault(SimulatorEndpoint.OrderAdd, SimulatorFault.AfterActing(SimulatorFault.ErrCode(-1, "system error")));
        _weChat.SetPersistentFault(SimulatorEndpoint.OrderGet, SimulatorFault.HttpStatus(503));
        using var caller = CallerClient.Create(stack, _frontEnd.Address);

        var outcome = await caller.AddOrderAsync(Order("SF", "xyz"));

        Assert.Equal(new CallerOutcome(424, -1, RetryAfter: null), outcome);
        // order/add once; getOrder once and its two retries inside the function.
        Assert.Equal((1, 3), (_weChat.Calls(SimulatorEndpoint.OrderAdd), _weChat.Calls(SimulatorEndpoint.OrderGet)));
    }

    private static string Order(string deliveryId, string bizId) => $$$"""
        {"addSource":0,"orderId":"{{{OrderId}}}","openid":"OPENID","deliveryId":"{{{deliveryId}}}","bizId":"{{{bizId}}}",
        "sender":{"name":"张三","mobile":"13800000000","province":"广东省","city":"广州市","area":"海珠区","address":"XX路XX号"},
        "receiver":{"name":"王小蒙","mobile":"13800000001","province":"广东省","city":"广州市","area":"天河区","address":"XX路XX号"},
        "cargo":{"count":1,"weight":1.2,"spaceX":20,"spaceY":15,"spaceZ":10,"detailList":[{"name":"一本书","count":1}]},
        "shop":{"wxaPath":"/index/index","detailList":[{"goodsName":"一本书","goodsImgUrl":"https://mmbiz.qpic.cn/1.png"}]},
        "insured":{"useInsured":0,"insuredValue":0},"service":{"serviceType":0,"serviceName":"标准快递"}}
        """;

    private async Task<string> PlaceTestOrderAsync()
    {
        var added = await _host.InvokeAsync("AddOrder", "POST", "logistics/addOrder", Order("TEST", "test_biz_id"));
        Assert.True(added.GetStatusCode() == 200, added.GetBodyText());
        return (string)JsonNode.Parse(added.GetBodyText())!["waybillId"]!;
    }

    private async Task<int> PathNodesAsync(string waybillId)
    {
        var path = await _host.InvokeAsync("GetPath", "POST", "logistics/getPath",
            $$"""{"orderId":"{{OrderId}}","openid":"OPENID","deliveryId":"TEST","waybillId":"{{waybillId}}"}""");
        Assert.True(path.GetStatusCode() == 200, path.GetBodyText());
        return (int)JsonNode.Parse(path.GetBodyText())!["pathItemNum"]!;
    }

    private static SimulatorFault Loss(string name) => name switch
    {
        "reset" => SimulatorFault.ResetConnection(),
        "http502" => SimulatorFault.HttpStatus(502),
        "http503" => SimulatorFault.HttpStatus(503),
        "busy" => SimulatorFault.ErrCode(-1, "system error"),
        // Held past the request's deadline: the function gives up at CloudCall__RequestTimeout (the shipped 8 s).
        "stall" => SimulatorFault.Delay(TimeSpan.FromSeconds(60)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static int ErrCode(string loss) => loss switch
    {
        "busy" => -1,
        "stall" => -604102,
        _ => -604103,
    };
}
