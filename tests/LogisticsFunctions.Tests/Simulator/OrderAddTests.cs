using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>addOrder: the documented example, WeChat's validation errcodes, repeated ids, quotas and courier refusals.</summary>
public sealed partial class OrderAddTests
{
    [Fact]
    public async Task The_documented_example_creates_an_sf_order_with_a_waybill_and_the_documented_waybill_data_keys()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var answer = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.DocumentedAddOrder);

        SimulatorCaller.AssertOk(answer);
        Assert.Equal(
            ["errcode", "errmsg", "order_id", "waybill_id", "waybill_data", "delivery_resultcode", "delivery_resultmsg"],
            answer.Select(member => member.Key));
        Assert.Equal("01234567890123456789", (string?)answer["order_id"]);
        Assert.Matches(SfWaybill(), (string)answer["waybill_id"]!);
        var data = answer["waybill_data"]!.AsArray();
        Assert.Equal(["SF_bagAddr", "SF_mark"], data.Select(item => (string)item!["key"]!));
        Assert.Equal("广州", (string?)data[0]!["value"]);
        Assert.Matches(SortingMark(), (string)data[1]!["value"]!);
        Assert.Equal(0, (int)answer["delivery_resultcode"]!);
        Assert.Equal(string.Empty, (string?)answer["delivery_resultmsg"]);
        Assert.Equal(OrderRequests.DocumentedAddOrder, server.LastRequestBody(SimulatorEndpoint.OrderAdd));
    }

    [Fact]
    public async Task Every_order_gets_its_own_waybill_in_its_couriers_format()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var orders = new[]
        {
            ("o-sf-1", "SF", "xyz", 0, SfWaybill()),
            ("o-sf-2", "SF", "SF_CASH", 1, SfWaybill()),
            ("o-yto", "YTO", "xyz", 1, YtoWaybill()),
            ("o-jd", "JD", "010K1234567", 0, JdWaybill()),
            ("o-test", "TEST", "test_biz_id", 0, TestWaybill()),
        };
        var waybills = new List<string>();
        foreach (var (orderId, deliveryId, bizId, serviceType, shape) in orders)
        {
            var answer = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder(orderId, deliveryId, bizId, serviceType));
            SimulatorCaller.AssertOk(answer);
            Assert.Matches(shape, (string)answer["waybill_id"]!);
            Assert.Equal($"{deliveryId}_bagAddr", (string?)answer["waybill_data"]![0]!["key"]);
            waybills.Add((string)answer["waybill_id"]!);
        }

        Assert.Equal(waybills.Count, waybills.Distinct().Count());
    }

    [Fact]
    public async Task Each_order_takes_one_waybill_from_a_quota_account_and_the_third_on_a_two_waybill_account_is_9300513()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var quotaBody = $$"""{"delivery_id":"{{MagicValues.LowQuotaDeliveryId}}","biz_id":"{{MagicValues.LowQuotaBizId}}"}""";

        var quotas = new List<int> { (int)(await caller.PostAsync(ExpressRoutes.QuotaGet, quotaBody))["quota_num"]! };
        for (var i = 1; i <= 2; i++)
        {
            SimulatorCaller.AssertOk(await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder($"o-zto-{i}", MagicValues.LowQuotaDeliveryId, MagicValues.LowQuotaBizId)));
            quotas.Add((int)(await caller.PostAsync(ExpressRoutes.QuotaGet, quotaBody))["quota_num"]!);
        }

        var exhausted = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-zto-3", MagicValues.LowQuotaDeliveryId, MagicValues.LowQuotaBizId));
        var accounts = await caller.GetAsync(ExpressRoutes.AccountGetAll);

        Assert.Equal([2, 1, 0], quotas);
        SimulatorCaller.AssertError(exhausted, 9300513, "out of quota");
        SimulatorCaller.AssertError(await caller.PostAsync(ExpressRoutes.OrderGet, OrderRequests.GetOrder("o-zto-3", "ZTO")), 930563, "order not exists");
        Assert.Equal(0, (int)accounts["list"]!.AsArray().Single(a => (string?)a!["biz_id"] == MagicValues.LowQuotaBizId)!["quota_num"]!);
    }

    [Fact]
    public async Task Orders_on_couriers_without_quotas_or_with_cash_take_no_quota()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var before = await caller.GetAsync(ExpressRoutes.AccountGetAll);

        SimulatorCaller.AssertOk(await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-1", "SF", "xyz")));
        SimulatorCaller.AssertOk(await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-2", "SF", "SF_CASH")));
        var after = await caller.GetAsync(ExpressRoutes.AccountGetAll);

        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task The_password_changed_account_answers_9300501_with_the_couriers_code_and_message_and_creates_nothing()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var quotaBody = $$"""{"delivery_id":"YD","biz_id":"{{MagicValues.PasswordChangedBizId}}"}""";
        var quotaBefore = (int)(await caller.PostAsync(ExpressRoutes.QuotaGet, quotaBody))["quota_num"]!;

        var answer = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-yd", MagicValues.PasswordChangedDeliveryId, MagicValues.PasswordChangedBizId));
        var quotaAfter = (int)(await caller.PostAsync(ExpressRoutes.QuotaGet, quotaBody))["quota_num"]!;

        SimulatorCaller.AssertError(answer, 9300501, "delivery logic fail");
        Assert.Equal(["errcode", "errmsg", "delivery_resultcode", "delivery_resultmsg"], answer.Select(member => member.Key));
        Assert.Equal(10002, (int)answer["delivery_resultcode"]!);
        Assert.Equal("客户密码不正确", (string?)answer["delivery_resultmsg"]);
        Assert.Equal(quotaBefore, quotaAfter);
        SimulatorCaller.AssertError(await caller.PostAsync(ExpressRoutes.OrderGet, OrderRequests.GetOrder("o-yd", "YD")), 930563, "order not exists");
    }

    [Fact]
    public async Task A_repeated_order_id_is_9300522_while_the_order_stands_and_9300508_once_it_is_cancelled()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var first = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-1"));

        var repeated = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-1", "YTO", "xyz"));
        SimulatorCaller.AssertOk(await caller.PostAsync(ExpressRoutes.OrderCancel, OrderRequests.Cancel("o-1", "SF", (string)first["waybill_id"]!)));
        var used = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-1"));

        SimulatorCaller.AssertError(repeated, 9300522, "this orderid is repeated");
        SimulatorCaller.AssertError(used, 9300508, "order id has been used");
    }

    [Fact]
    public async Task Concurrent_adds_with_one_order_id_create_exactly_one_order()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-race", "YTO", "xyz"))));
        var quota = await caller.PostAsync(ExpressRoutes.QuotaGet, """{"delivery_id":"YTO","biz_id":"xyz"}""");

        Assert.Single(answers, answer => (int)answer["errcode"]! == 0);
        Assert.Equal(19, answers.Count(answer => (int)answer["errcode"]! == 9300522));
        Assert.Equal(209, (int)quota["quota_num"]!);
    }

    [Fact]
    public async Task An_app_order_needs_the_mini_programs_own_wx_appid_and_no_openid()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var missing = await caller.PostAsync(ExpressRoutes.OrderAdd, AppOrder("o-app-1", wxAppId: null));
        var foreign = await caller.PostAsync(ExpressRoutes.OrderAdd, AppOrder("o-app-2", "wxffffffffffffffff"));
        var own = await caller.PostAsync(ExpressRoutes.OrderAdd, AppOrder("o-app-3", server.AppId));

        SimulatorCaller.AssertError(missing, 9300536, "invalid wxa_appid");
        SimulatorCaller.AssertError(foreign, 9300534, "invalid appid, not same body");
        SimulatorCaller.AssertOk(own);
    }

    public static TheoryData<string, string, int, string> Refusals { get; } = new()
    {
        { "delivery_id", "\"DHL\"", 9300503, "Specified delivery id is not registerred" },
        { "biz_id", "\"nobody\"", 9300525, "biz id not bind" },
        { "biz_id", "\"jd_bind_failed\"", 9300525, "biz id not bind" },
        { "service", """{"service_type":9,"service_name":"快递包裹"}""", 9300510, "invalid service type" },
        { "shop", """{"wxa_path":"/p","img_url":"","goods_name":"包","goods_count":1}""", 9300535, "invalid shop arg" },
        { "shop", """{"wxa_path":"/p","img_url":"https://x/1.png","goods_name":"包","goods_count":0}""", 9300535, "invalid shop arg" },
        { "shop", """{"wxa_path":"/p"}""", 9300535, "invalid shop arg" },
        { "shop", """{"wxa_path":"/p","detail_list":[{"goods_name":""}]}""", 9300535, "invalid shop arg" },
        { "order_id", "\"" + new string('o', 513) + "\"", 9300526, "arg size exceed limit" },
        { "custom_remark", "\"" + string.Concat(Enumerable.Repeat("易碎", 171)) + "\"", 9300526, "arg size exceed limit" },
        { "order_id", "null", 47001, "data format error" },
        { "order_id", "\"\"", 47001, "data format error" },
        { "order_id", "12345", 47001, "data format error" },
        { "openid", "null", 47001, "data format error" },
        { "sender", "null", 47001, "data format error" },
        { "receiver", "\"王小蒙\"", 47001, "data format error" },
        { "cargo", """{"count":1,"weight":1,"space_x":1,"space_y":1,"space_z":1}""", 47001, "data format error" },
        { "cargo", """{"count":"1","weight":1,"space_x":1,"space_y":1,"space_z":1,"detail_list":[]}""", 47001, "data format error" },
        { "cargo", """{"count":1.5,"weight":1,"space_x":1,"space_y":1,"space_z":1,"detail_list":[]}""", 47001, "data format error" },
        { "service", """{"service_type":0}""", 47001, "data format error" },
        { "insured", """{"use_insured":2,"insured_value":0}""", 47001, "data format error" },
        { "add_source", "1", 47001, "data format error" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_member_is_refused_with_wechats_errcode_and_creates_no_order(string member, string json, int errcode, string message)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var body = OrderRequests.AddOrder("o-bad");
        body[member] = JsonNode.Parse(json);

        var answer = await caller.PostAsync(ExpressRoutes.OrderAdd, body);

        SimulatorCaller.AssertError(answer, errcode, message);
        SimulatorCaller.AssertError(await caller.PostAsync(ExpressRoutes.OrderGet, OrderRequests.GetOrder("o-bad", "SF")), 930563, "order not exists");
    }

    public static TheoryData<string, string, string, int> ContactRefusals { get; } = new()
    {
        { "sender", "name", "\"" + new string('名', 22) + "\"", 9300526 },
        { "receiver", "mobile", "\"" + new string('1', 33) + "\"", 9300526 },
        { "receiver", "post_code", "\"12345678901\"", 9300526 },
        { "sender", "address", "\"" + new string('路', 171) + "\"", 9300526 },
        { "receiver", "province", "null", 47001 },
        { "sender", "city", "\"\"", 47001 },
        { "receiver", "area", "7", 47001 },
    };

    [Theory]
    [MemberData(nameof(ContactRefusals))]
    public async Task A_bad_sender_or_receiver_member_is_refused(string contact, string member, string json, int errcode)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var body = OrderRequests.AddOrder("o-bad");
        body[contact]![member] = JsonNode.Parse(json);

        var answer = await caller.PostAsync(ExpressRoutes.OrderAdd, body);

        Assert.Equal(errcode, (int)answer["errcode"]!);
    }

    [Fact]
    public async Task A_contact_needs_a_tel_or_a_mobile_and_one_of_them_is_enough()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var neither = OrderRequests.AddOrder("o-1");
        neither["receiver"]!.AsObject().Remove("tel");
        neither["receiver"]!.AsObject().Remove("mobile");
        var telOnly = OrderRequests.AddOrder("o-2");
        telOnly["receiver"]!.AsObject().Remove("mobile");

        SimulatorCaller.AssertError(await caller.PostAsync(ExpressRoutes.OrderAdd, neither), 47001, "data format error");
        SimulatorCaller.AssertOk(await caller.PostAsync(ExpressRoutes.OrderAdd, telOnly));
    }

    [Fact]
    public async Task Limits_are_counted_in_utf8_bytes_so_a_name_at_the_limit_passes()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var body = OrderRequests.AddOrder("o-1");
        body["sender"]!["name"] = new string('名', 21) + "x";

        SimulatorCaller.AssertOk(await caller.PostAsync(ExpressRoutes.OrderAdd, body));
    }

    [Fact]
    public async Task Shop_and_insured_may_be_left_out()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var body = OrderRequests.AddOrder("o-1");
        body.Remove("shop");
        body.Remove("insured");

        SimulatorCaller.AssertOk(await caller.PostAsync(ExpressRoutes.OrderAdd, body));
    }

    [Theory]
    // WeChat staff's working example: the goods item by item, no img_url, goods_name or goods_count.
    [InlineData("""{"wxa_path":"/index/index?id=1","detail_list":[{"goods_name":"一千个小心心","goods_img_url":"https://mmbiz.qpic.cn/1.png"}]}""")]
    // WxJava's item fields are all optional: a description alone describes the goods.
    [InlineData("""{"wxa_path":"/p","detail_list":[{"goods_desc":"小心心"}]}""")]
    public async Task A_shop_that_describes_its_goods_item_by_item_is_accepted(string shop)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var body = OrderRequests.AddOrder("o-items");
        body["shop"] = JsonNode.Parse(shop);

        SimulatorCaller.AssertOk(await caller.PostAsync(ExpressRoutes.OrderAdd, body));
    }

    private static JsonObject AppOrder(string orderId, string? wxAppId)
    {
        var body = OrderRequests.AddOrder(orderId);
        body.Remove("openid");
        body["add_source"] = 2;
        if (wxAppId is not null)
        {
            body["wx_appid"] = wxAppId;
        }

        return body;
    }

    [GeneratedRegex("^SF[0-9]{13}$")]
    private static partial Regex SfWaybill();

    [GeneratedRegex("^YT[0-9]{13}$")]
    private static partial Regex YtoWaybill();

    [GeneratedRegex("^JDVA[0-9]{11}$")]
    private static partial Regex JdWaybill();

    [GeneratedRegex("^TEST[0-9]{12}$")]
    private static partial Regex TestWaybill();

    [GeneratedRegex("^[0-9]{3}-[0-9]{2}-[0-9]{2} [0-9]{3}$")]
    private static partial Regex SortingMark();
}
