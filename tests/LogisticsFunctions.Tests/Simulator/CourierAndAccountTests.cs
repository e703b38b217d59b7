using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>getAllDelivery, getAllAccount, getQuota and bindAccount against the sample data and each other.</summary>
public sealed class CourierAndAccountTests
{
    private static readonly DateTimeOffset Start = new(2024, 6, 1, 8, 0, 0, TimeSpan.Zero);

    // Compare Chinese text as WeChat sends it, not as \uXXXX escapes.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task GetAllDelivery_lists_the_seven_couriers_with_every_documented_member()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var answer = await caller.GetAsync(ExpressRoutes.DeliveryGetAll);

        SimulatorCaller.AssertOk(answer);
        Assert.Equal(["errcode", "errmsg", "count", "data"], answer.Select(member => member.Key));
        var data = answer["data"]!.AsArray();
        Assert.Equal(7, (int)answer["count"]!);
        Assert.Equal(["SF", "ZTO", "YTO", "YD", "JD", "EMS", "TEST"], data.Select(courier => (string)courier!["delivery_id"]!));
        Assert.All(data, courier => Assert.Equal(
            ["delivery_id", "delivery_name", "can_use_cash", "can_get_quota", "cash_biz_id", "service_type"],
            courier!.AsObject().Select(member => member.Key)));
        var sf = data[0]!;
        Assert.Equal("顺丰速运", (string?)sf["delivery_name"]);
        Assert.Equal(1, (int)sf["can_use_cash"]!);
        Assert.Equal(0, (int)sf["can_get_quota"]!);
        Assert.Equal("SF_CASH", (string?)sf["cash_biz_id"]);
        Assert.Equal("""{"service_type":1,"service_name":"顺丰即日"}""", sf["service_type"]![1]!.ToJsonString(Relaxed));
        Assert.Equal(1, (int)data[2]!["can_get_quota"]!);
    }

    [Fact]
    public async Task GetAllAccount_lists_the_sample_accounts_with_every_documented_member()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var answer = await caller.GetAsync(ExpressRoutes.AccountGetAll);

        SimulatorCaller.AssertOk(answer);
        var list = answer["list"]!.AsArray();
        Assert.Equal(SampleData.Accounts.Count, (int)answer["count"]!);
        Assert.Equal(SampleData.Accounts.Select(a => (a.DeliveryId, a.BizId)), list.Select(a => ((string)a!["delivery_id"]!, (string)a["biz_id"]!)));
        Assert.All(list, account => Assert.Equal(
            ["biz_id", "delivery_id", "create_time", "update_time", "status_code", "alias", "remark_wrong_msg", "remark_content",
             "quota_num", "quota_update_time", "service_type"],
            account!.AsObject().Select(member => member.Key)));
        var test = list.Single(a => (string?)a!["biz_id"] == MagicValues.TestBizId)!;
        Assert.Equal(MagicValues.TestDeliveryId, (string?)test["delivery_id"]);
        Assert.Equal(0, (int)test["status_code"]!);
        Assert.Equal([0, 1, 2], list.Select(a => (int)a!["status_code"]!).Distinct().Order());
        Assert.Equal(210, (int)list.Single(a => (string?)a!["delivery_id"] == "YTO")!["quota_num"]!);
    }

    [Fact]
    public async Task GetQuota_answers_the_documented_example_210_for_yto_xyz()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var text = await caller.SendForTextAsync(HttpMethod.Post, ExpressRoutes.QuotaGet, """{"delivery_id":"YTO","biz_id":"xyz"}""", caller.Token);

        Assert.Equal("""{"errcode":0,"errmsg":"ok","quota_num":210}""", text);
    }

    [Theory]
    [InlineData("""{"delivery_id":"DHL","biz_id":"xyz"}""", 9300503, "Specified delivery id is not registerred")]
    [InlineData("""{"delivery_id":"SF","biz_id":"xyz"}""", 9300527, "delivery does not support quota")]
    [InlineData("""{"delivery_id":"YTO","biz_id":"nobody"}""", 9300525, "biz id not bind")]
    [InlineData("""{"delivery_id":"YTO"}""", 47001, "data format error")]
    [InlineData("""{"delivery_id":"YTO","biz_id":7}""", 47001, "data format error")]
    [InlineData("not json", 47001, "data format error")]
    public async Task GetQuota_refuses_with_wechats_errcode(string body, int errcode, string message)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        SimulatorCaller.AssertError(await caller.PostAsync(ExpressRoutes.QuotaGet, body), errcode, message);
    }

    [Fact]
    public async Task A_bound_account_appears_in_getAllAccount_with_a_new_quota_and_goes_away_when_unbound()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions { TimeProvider = time });
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var bound = await caller.PostAsync(ExpressRoutes.AccountBind, Bind("bind", "YD", "yd_0571_88886666", "secret", "杭州仓"));
        var afterBind = await caller.GetAsync(ExpressRoutes.AccountGetAll);
        var quota = await caller.PostAsync(ExpressRoutes.QuotaGet, """{"delivery_id":"YD","biz_id":"yd_0571_88886666"}""");
        var unbound = await caller.PostAsync(ExpressRoutes.AccountBind, Bind("unbind", "YD", "yd_0571_88886666"));
        var afterUnbind = await caller.GetAsync(ExpressRoutes.AccountGetAll);

        Assert.Equal("""{"errcode":0,"errmsg":"ok"}""", bound.ToJsonString());
        var account = afterBind["list"]!.AsArray().Single(a => (string?)a!["biz_id"] == "yd_0571_88886666")!;
        Assert.Equal(0, (int)account["status_code"]!);
        Assert.Equal("杭州仓", (string?)account["remark_content"]);
        Assert.Equal(Start.ToUnixTimeSeconds(), (long)account["create_time"]!);
        Assert.Equal(SampleData.NewAccountQuota, (int)account["quota_num"]!);
        Assert.Equal(SampleData.NewAccountQuota, (int)quota["quota_num"]!);
        SimulatorCaller.AssertOk(unbound);
        Assert.Equal(SampleData.Accounts.Count + 1, (int)afterBind["count"]!);
        Assert.Equal(SampleData.Accounts.Count, (int)afterUnbind["count"]!);
        Assert.DoesNotContain(afterUnbind["list"]!.AsArray(), a => (string?)a!["biz_id"] == "yd_0571_88886666");
    }

    [Fact]
    public async Task Binding_a_bound_account_is_9300529_and_unbinding_an_unknown_one_9300530()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var again = await caller.PostAsync(ExpressRoutes.AccountBind, Bind("bind", MagicValues.TestDeliveryId, MagicValues.TestBizId, "any"));
        var unknown = await caller.PostAsync(ExpressRoutes.AccountBind, Bind("unbind", "SF", "never-bound"));

        SimulatorCaller.AssertError(again, 9300529, "biz_id already binded");
        SimulatorCaller.AssertError(unknown, 9300530, "biz_id is not exist");
    }

    [Fact]
    public async Task The_magic_wrong_password_is_9300531_and_binds_nothing()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var refused = await caller.PostAsync(ExpressRoutes.AccountBind, Bind("bind", "ZTO", "zto_new", MagicValues.WrongPassword));
        var accounts = await caller.GetAsync(ExpressRoutes.AccountGetAll);

        SimulatorCaller.AssertError(refused, 9300531, "invalid biz_id or password");
        Assert.Equal(SampleData.Accounts.Count, (int)accounts["count"]!);
    }

    [Fact]
    public async Task Binding_with_the_reviewing_courier_is_9300532_and_lists_the_account_under_review_unable_to_order()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var submitted = await caller.PostAsync(ExpressRoutes.AccountBind, Bind("bind", MagicValues.ReviewingDeliveryId, "ems_new", "pw"));
        var again = await caller.PostAsync(ExpressRoutes.AccountBind, Bind("bind", MagicValues.ReviewingDeliveryId, "ems_new", "pw"));
        var accounts = await caller.GetAsync(ExpressRoutes.AccountGetAll);
        var order = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-ems", "EMS", "ems_new", serviceType: 6));

        SimulatorCaller.AssertError(submitted, 9300532, "bind submit, and is checking");
        SimulatorCaller.AssertError(again, 9300532, "bind submit, and is checking");
        Assert.Equal(1, (int)accounts["list"]!.AsArray().Single(a => (string?)a!["biz_id"] == "ems_new")!["status_code"]!);
        SimulatorCaller.AssertError(order, 9300525, "biz id not bind");
    }

    [Fact]
    public async Task A_failed_binding_can_be_tried_again_and_is_then_bound()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        var rebound = await caller.PostAsync(ExpressRoutes.AccountBind, Bind("bind", "JD", "jd_bind_failed", "right"));
        var accounts = await caller.GetAsync(ExpressRoutes.AccountGetAll);

        SimulatorCaller.AssertOk(rebound);
        var jd = accounts["list"]!.AsArray().Where(a => (string?)a!["biz_id"] == "jd_bind_failed").ToList();
        Assert.Equal(0, (int)Assert.Single(jd)!["status_code"]!);
    }

    [Theory]
    [InlineData("""{"type":"rebind","biz_id":"b","delivery_id":"SF"}""", 47001, "data format error")]
    [InlineData("""{"type":"bind","delivery_id":"SF"}""", 47001, "data format error")]
    [InlineData("""{"type":"bind","biz_id":"b"}""", 47001, "data format error")]
    [InlineData("""{"type":"bind","biz_id":"b","delivery_id":"DHL"}""", 9300503, "Specified delivery id is not registerred")]
    [InlineData("""{"type":"unbind","biz_id":"b","delivery_id":"DHL"}""", 9300503, "Specified delivery id is not registerred")]
    public async Task BindAccount_refuses_a_bad_body_with_wechats_errcode(string body, int errcode, string message)
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);

        SimulatorCaller.AssertError(await caller.PostAsync(ExpressRoutes.AccountBind, body), errcode, message);
    }

    [Fact]
    public async Task Each_simulator_has_its_own_accounts()
    {
        await using var first = await WeChatSimulatorServer.StartAsync();
        await using var second = await WeChatSimulatorServer.StartAsync();
        using var firstCaller = await SimulatorCaller.ConnectAsync(first);
        using var secondCaller = await SimulatorCaller.ConnectAsync(second);

        await firstCaller.PostAsync(ExpressRoutes.AccountBind, Bind("unbind", "SF", "xyz"));

        Assert.Equal(SampleData.Accounts.Count - 1, (int)(await firstCaller.GetAsync(ExpressRoutes.AccountGetAll))["count"]!);
        Assert.Equal(SampleData.Accounts.Count, (int)(await secondCaller.GetAsync(ExpressRoutes.AccountGetAll))["count"]!);
    }

    private static JsonObject Bind(string type, string deliveryId, string bizId, string? password = null, string? remark = null)
    {
        var body = new JsonObject { ["type"] = type, ["biz_id"] = bizId, ["delivery_id"] = deliveryId };
        if (password is not null)
        {
            body["password"] = password;
        }

        if (remark is not null)
        {
            body["remark_content"] = remark;
        }

        return body;
    }
}
