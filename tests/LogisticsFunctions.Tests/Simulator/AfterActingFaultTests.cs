using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>
/// <see cref="SimulatorFault.AfterActing"/>: WeChat carries a write out and its answer is lost on the way back, so the
/// caller sees a failure while the order, the node or the binding exists, which is what an unknown outcome is.
/// </summary>
public sealed class AfterActingFaultTests
{
    [Fact]
    public async Task A_reset_after_acting_fails_the_call_and_the_order_exists()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        using var raw = new HttpClient { BaseAddress = server.BaseAddress };
        server.EnqueueFault(SimulatorEndpoint.OrderAdd, SimulatorFault.AfterActing(SimulatorFault.ResetConnection()));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(raw, caller, ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-lost")));
        var got = await caller.PostAsync(ExpressRoutes.OrderGet, OrderRequests.GetOrder("o-lost", "SF"));

        SimulatorCaller.AssertOk(got);
        Assert.Equal(0, (int)got["order_status"]!);
        Assert.Equal(1, server.Calls(SimulatorEndpoint.OrderAdd));
    }

    [Fact]
    public async Task An_http_error_after_acting_answers_the_error_page_and_the_node_is_on_the_path()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        using var raw = new HttpClient { BaseAddress = server.BaseAddress };
        var waybillId = (string)(await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddTestOrder("t-lost")))["waybill_id"]!;
        server.EnqueueFault(SimulatorEndpoint.TestUpdateOrder, SimulatorFault.AfterActing(SimulatorFault.HttpStatus(502)));

        using var response = await PostAsync(raw, caller, ExpressRoutes.TestUpdateOrder, OrderRequests.TestUpdate("t-lost", waybillId, 1700000000, 100001, "揽件"));
        var page = await response.Content.ReadAsStringAsync();
        var path = await caller.PostAsync(ExpressRoutes.PathGet, OrderRequests.Path("t-lost", "TEST", waybillId));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>502 Bad Gateway</h1>", page, StringComparison.Ordinal);
        Assert.Equal(1, (int)path["path_item_num"]!);
    }

    [Fact]
    public async Task Busy_after_acting_answers_minus_one_and_the_account_is_bound()
    {
        await using var server = await WeChatSimulatorServer.StartAsync();
        using var caller = await SimulatorCaller.ConnectAsync(server);
        server.EnqueueFault(SimulatorEndpoint.AccountBind, SimulatorFault.AfterActing(SimulatorFault.ErrCode(-1, "system error")));
        var bind = new JsonObject { ["type"] = "bind", ["biz_id"] = "new_account", ["delivery_id"] = "YTO", ["password"] = "p" };

        var first = await caller.PostAsync(ExpressRoutes.AccountBind, bind);
        var again = await caller.PostAsync(ExpressRoutes.AccountBind, bind);

        Assert.Equal("""{"errcode":-1,"errmsg":"system error"}""", first.ToJsonString());
        SimulatorCaller.AssertError(again, 9300529, "biz_id already binded");
    }

    [Fact]
    public async Task A_delay_after_acting_acts_at_once_and_answers_late_with_what_wechat_answered()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 3, 11, 0, 0, 0, TimeSpan.Zero));
        await using var server = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions { TimeProvider = time });
        using var caller = await SimulatorCaller.ConnectAsync(server);
        using var raw = new HttpClient { BaseAddress = server.BaseAddress };
        server.EnqueueFault(SimulatorEndpoint.OrderAdd, SimulatorFault.AfterActing(SimulatorFault.Delay(TimeSpan.FromSeconds(30))));

        var call = PostAsync(raw, caller, ExpressRoutes.OrderAdd, OrderRequests.AddOrder("o-late"));
        // The order comes to exist while the simulator's clock stands still and its answer is held back.
        var waited = Stopwatch.StartNew();
        var got = await caller.PostAsync(ExpressRoutes.OrderGet, OrderRequests.GetOrder("o-late", "SF"));
        while ((int)got["errcode"]! != 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
            got = await caller.PostAsync(ExpressRoutes.OrderGet, OrderRequests.GetOrder("o-late", "SF"));
        }

        Assert.False(call.IsCompleted);
        waited.Restart();
        while (!call.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            time.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAny(call, Task.Delay(20));
        }

        using var response = await call;
        var added = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        SimulatorCaller.AssertOk(got);
        SimulatorCaller.AssertOk(added);
        Assert.Equal((string?)got["waybill_id"], (string?)added["waybill_id"]);
    }

    [Fact]
    public void WeChat_acts_once_so_a_loss_cannot_itself_act()
    {
        Assert.Throws<ArgumentException>(() => SimulatorFault.AfterActing(SimulatorFault.AfterActing(SimulatorFault.ResetConnection())));
        Assert.Throws<ArgumentNullException>(() => SimulatorFault.AfterActing(null!));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, SimulatorCaller caller, string path, JsonNode body) =>
        client.PostAsync(
            new Uri($"{path}?access_token={Uri.EscapeDataString(caller.Token)}", UriKind.Relative),
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
}
