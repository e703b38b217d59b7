using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>
/// An order's life across the family: addOrder creates it, getOrder and batchGetOrder return it, cancelOrder cancels it
/// once, testUpdateOrder moves a test order's waybill, path/get shows the trace, and a traced waybill cannot be cancelled.
/// </summary>
public sealed class OrderLifecycleTests
{
    // Compare Chinese text as WeChat sends it, not as \uXXXX escapes.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Add_get_batchget_cancel_and_cancel_again_tell_one_consistent_story()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var added = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.DocumentedAddOrder);
        var waybillId = (string)added["waybill_id"]!;
        var got = await caller.PostAsync(ExpressRoutes.OrderGet, OrderRequests.GetOrder("01234567890123456789", "SF", waybillId));
        var batch = await caller.PostAsync(ExpressRoutes.OrderBatchGet, BatchOf(("01234567890123456789", "SF", waybillId)));
        var cancelled = await caller.PostAsync(ExpressRoutes.OrderCancel, OrderRequests.Cancel("01234567890123456789", "SF", waybillId));
        var gotAfterCancel = await caller.PostAsync(ExpressRoutes.OrderGet, OrderRequests.GetOrder("01234567890123456789", "SF"));
        var cancelledAgain = await caller.PostAsync(ExpressRoutes.OrderCancel, OrderRequests.Cancel("01234567890123456789", "SF", waybillId));

        SimulatorCaller.AssertOk(got);
        Assert.Equal(
            ["errcode", "errmsg", "print_html", "waybill_data", "order_id", "delivery_id", "waybill_id", "order_status"],
            got.Select(member => member.Key));
        Assert.Equal(waybillId, (string?)got["waybill_id"]);
        Assert.Equal(added["waybill_data"]!.ToJsonString(), got["waybill_data"]!.ToJsonString());
        Assert.Equal(0, (int)got["order_status"]!);

        SimulatorCaller.AssertOk(batch);
        var item = Assert.Single(batch["order_list"]!.AsArray())!.AsObject();
        Assert.Equal(
            ["errcode", "errmsg", "order_id", "delivery_id", "waybill_id", "print_html", "waybill_data", "order_status"],
            item.Select(member => member.Key));
        Assert.Equal(0, (int)item["errcode"]!);
        Assert.Equal(waybillId, (string?)item["waybill_id"]);

        Assert.Equal("""{"errcode":0,"errmsg":"ok","delivery_resultcode":0,"delivery_resultmsg":""}""", cancelled.ToJsonString());
        Assert.Equal(1, (int)gotAfterCancel["order_status"]!);
        SimulatorCaller.AssertError(cancelledAgain, 9300524, "order already canceled");
    }

    [Fact]
    public async Task Print_html_is_a_base64_label_with_the_waybill_the_parties_and_one_or_two_copies()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var added = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.DocumentedAddOrder);
        var waybillId = (string)added["waybill_id"]!;

        var twoPart = await caller.PostAsync(ExpressRoutes.OrderGet, OrderRequests.GetOrder("01234567890123456789", "SF"));
        var onePartBody = OrderRequests.GetOrder("01234567890123456789", "SF");
        onePartBody["print_type"] = 1;
        onePartBody["custom_remark"] = "轻拿轻放";
        var onePart = await caller.PostAsync(ExpressRoutes.OrderGet, onePartBody);

        var twoPartHtml = Encoding.UTF8.GetString(Convert.FromBase64String((string)twoPart["print_html"]!));
        var onePartHtml = Encoding.UTF8.GetString(Convert.FromBase64String((string)onePart["print_html"]!));
        Assert.StartsWith("<!DOCTYPE html>", twoPartHtml, StringComparison.Ordinal);
        Assert.Contains(waybillId, twoPartHtml, StringComparison.Ordinal);
        Assert.Contains("王小蒙 186****0000 广东省广州市天河区", twoPartHtml, StringComparison.Ordinal);
        Assert.Contains("张三 186****6666", twoPartHtml, StringComparison.Ordinal);
        Assert.Contains("易碎物品", twoPartHtml, StringComparison.Ordinal);
        Assert.Equal(2, CountOf("<section", twoPartHtml));
        Assert.Equal(1, CountOf("<section", onePartHtml));
        Assert.Contains("轻拿轻放", onePartHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchGetOrder_succeeds_as_a_whole_while_an_unknown_order_fails_on_its_own_item()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var first = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-1"));
        var second = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-2", "YTO", "xyz"));

        var batch = await caller.PostAsync(ExpressRoutes.OrderBatchGet, BatchOf(
            ("o-1", "SF", null),
            ("o-missing", "SF", "SF0000000000000"),
            ("o-2", "YTO", (string)second["waybill_id"]!),
            ("o-1", "SF", "SF-not-its-waybill")));

        SimulatorCaller.AssertOk(batch);
        var items = batch["order_list"]!.AsArray();
        Assert.Equal([0, 930563, 0, 930563], items.Select(item => (int)item!["errcode"]!));
        Assert.Equal((string?)first["waybill_id"], (string?)items[0]!["waybill_id"]);
        Assert.Equal(
            """{"errcode":930563,"errmsg":"order not exists","order_id":"o-missing","delivery_id":"SF","waybill_id":"SF0000000000000"}""",
            items[1]!.ToJsonString());
        Assert.Equal("o-2", (string?)items[2]!["order_id"]);
    }

    [Fact]
    public async Task BatchGetOrder_takes_a_hundred_items_and_refuses_more_or_none()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var hundred = Enumerable.Range(0, 100).Select(i => ($"o-{i}", "SF", (string?)null)).ToArray();

        var full = await caller.PostAsync(ExpressRoutes.OrderBatchGet, BatchOf(hundred));
        var tooMany = await caller.PostAsync(ExpressRoutes.OrderBatchGet, BatchOf([.. hundred, ("o-100", "SF", null)]));
        var none = await caller.PostAsync(ExpressRoutes.OrderBatchGet, """{"order_list":[]}""");
        var malformed = await caller.PostAsync(ExpressRoutes.OrderBatchGet, """{"order_list":[{"order_id":"o-1"}]}""");

        Assert.Equal(100, full["order_list"]!.AsArray().Count);
        SimulatorCaller.AssertError(tooMany, 9300526, "arg size exceed limit");
        SimulatorCaller.AssertError(none, 47001, "data format error");
        SimulatorCaller.AssertError(malformed, 47001, "data format error");
    }

    [Fact]
    public async Task A_test_update_appears_in_path_get_and_the_traced_waybill_can_no_longer_be_cancelled()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var added = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddTestOrder("o-test"));
        var waybillId = (string)added["waybill_id"]!;

        var emptyPath = await caller.PostAsync(ExpressRoutes.PathGet, OrderRequests.Path("o-test", "TEST", waybillId));
        var firstUpdate = await caller.PostAsync(ExpressRoutes.TestUpdateOrder, OrderRequests.TestUpdate("o-test", waybillId, 1717200000, 100001, "揽件阶段"));
        await caller.PostAsync(ExpressRoutes.TestUpdateOrder, OrderRequests.TestUpdate("o-test", waybillId, 1717203600, 200001, "运输阶段"));
        var path = await caller.PostAsync(ExpressRoutes.PathGet, OrderRequests.Path("o-test", "TEST", waybillId));
        var cancel = await caller.PostAsync(ExpressRoutes.OrderCancel, OrderRequests.Cancel("o-test", "TEST", waybillId));
        var order = await caller.PostAsync(ExpressRoutes.OrderGet, OrderRequests.GetOrder("o-test", "TEST"));

        Assert.Equal(0, (int)emptyPath["path_item_num"]!);
        Assert.Empty(emptyPath["path_item_list"]!.AsArray());
        Assert.Equal("""{"errcode":0,"errmsg":"ok"}""", firstUpdate.ToJsonString());
        SimulatorCaller.AssertOk(path);
        Assert.Equal(2, (int)path["path_item_num"]!);
        Assert.Equal(
            """[{"action_time":1717200000,"action_type":100001,"action_msg":"揽件阶段"},{"action_time":1717203600,"action_type":200001,"action_msg":"运输阶段"}]""",
            path["path_item_list"]!.ToJsonString(Relaxed));
        SimulatorCaller.AssertError(cancel, 9300506, "Order can't cancel");
        Assert.Equal(0, (int)order["order_status"]!);
    }

    [Fact]
    public async Task A_new_orders_waybill_is_known_to_path_get_with_no_trace_yet()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var added = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-1", "JD", "010K1234567"));

        var path = await caller.PostAsync(ExpressRoutes.PathGet, OrderRequests.Path("o-1", "JD", (string)added["waybill_id"]!));
        var otherCourier = await caller.PostAsync(ExpressRoutes.PathGet, OrderRequests.Path("o-1", "SF", (string)added["waybill_id"]!));

        SimulatorCaller.AssertOk(path);
        Assert.Equal(0, (int)path["path_item_num"]!);
        Assert.Equal("oABC123456", (string?)path["openid"]);
        SimulatorCaller.AssertError(otherCourier, 40199, "waybill_id not found");
    }

    [Theory]
    [InlineData("""{"order_id":"o-none","delivery_id":"SF","waybill_id":"SF1"}""", 930563, "order not exists")]
    [InlineData("""{"order_id":"o-1","delivery_id":"SF"}""", 47001, "data format error")]
    [InlineData("""{"order_id":"o-1","waybill_id":"SF1"}""", 47001, "data format error")]
    public async Task CancelOrder_refuses_an_unknown_order_or_a_bad_body(string body, int errcode, string message)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-1"));

        SimulatorCaller.AssertError(await caller.PostAsync(ExpressRoutes.OrderCancel, body), errcode, message);
    }

    [Theory]
    [InlineData("""{"order_id":"o-1","delivery_id":"YTO"}""", 930563, "order not exists")]
    [InlineData("""{"order_id":"o-1","delivery_id":"SF","waybill_id":"SF-other"}""", 930563, "order not exists")]
    [InlineData("""{"order_id":"o-1","delivery_id":"SF","print_type":2}""", 47001, "data format error")]
    [InlineData("""{"delivery_id":"SF"}""", 47001, "data format error")]
    [InlineData("[]", 47001, "data format error")]
    public async Task GetOrder_refuses_an_order_it_does_not_have_or_a_bad_body(string body, int errcode, string message)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-1"));

        SimulatorCaller.AssertError(await caller.PostAsync(ExpressRoutes.OrderGet, body), errcode, message);
    }

    [Fact]
    public async Task TestUpdateOrder_finds_only_orders_placed_with_the_test_courier_and_account()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var sf = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-sf"));
        var test = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddTestOrder("o-test"));
        var testWaybill = (string)test["waybill_id"]!;

        var realCourier = OrderRequests.TestUpdate("o-sf", (string)sf["waybill_id"]!, 1717200000, 100001, "揽件阶段");
        realCourier["delivery_id"] = "SF";
        var wrongBizId = OrderRequests.TestUpdate("o-test", testWaybill, 1717200000, 100001, "揽件阶段");
        wrongBizId["biz_id"] = "xyz";
        var wrongWaybill = OrderRequests.TestUpdate("o-test", "TEST000000000000", 1717200000, 100001, "揽件阶段");
        var unknown = OrderRequests.TestUpdate("o-none", testWaybill, 1717200000, 100001, "揽件阶段");

        foreach (var body in new[] { realCourier, wrongBizId, wrongWaybill, unknown })
        {
            SimulatorCaller.AssertError(await caller.PostAsync(ExpressRoutes.TestUpdateOrder, body), 930563, "order not exists");
        }

        var path = await caller.PostAsync(ExpressRoutes.PathGet, OrderRequests.Path("o-test", "TEST", testWaybill));
        Assert.Equal(0, (int)path["path_item_num"]!);
    }

    [Theory]
    [InlineData("action_time")]
    [InlineData("action_type")]
    [InlineData("action_msg")]
    [InlineData("waybill_id")]
    [InlineData("biz_id")]
    public async Task TestUpdateOrder_needs_every_member(string member)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var test = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddTestOrder("o-test"));
        var body = OrderRequests.TestUpdate("o-test", (string)test["waybill_id"]!, 1717200000, 100001, "揽件阶段");
        body.Remove(member);

        SimulatorCaller.AssertError(await caller.PostAsync(ExpressRoutes.TestUpdateOrder, body), 47001, "data format error");
    }

    [Fact]
    public async Task Action_types_outside_wechats_list_pass_through_to_path_get()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var test = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddTestOrder("o-test"));
        var waybillId = (string)test["waybill_id"]!;

        SimulatorCaller.AssertOk(await caller.PostAsync(ExpressRoutes.TestUpdateOrder, OrderRequests.TestUpdate("o-test", waybillId, 1717200000, 300001, "快递员已出发")));
        var path = await caller.PostAsync(ExpressRoutes.PathGet, OrderRequests.Path("o-test", "TEST", waybillId));

        Assert.Equal(300001, (int)path["path_item_list"]![0]!["action_type"]!);
    }

    private static JsonObject BatchOf(params (string OrderId, string DeliveryId, string? WaybillId)[] orders)
    {
        var list = new JsonArray();
        foreach (var (orderId, deliveryId, waybillId) in orders)
        {
            var item = new JsonObject { ["order_id"] = orderId, ["delivery_id"] = deliveryId };
            if (waybillId is not null)
            {
                item["waybill_id"] = waybillId;
            }

            list.Add(item);
        }

        return new JsonObject { ["order_list"] = list };
    }

    private static int CountOf(string needle, string haystack)
    {
        var count = 0;
        for (var at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
