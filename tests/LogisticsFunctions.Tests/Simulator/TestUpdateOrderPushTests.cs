using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.WeChatSimulator.Push;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>testUpdateOrder on a simulator that pushes: one add_express_path event per update, without holding up the call.</summary>
public sealed class TestUpdateOrderPushTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Each_test_update_pushes_the_whole_trace_with_a_growing_version()
    {
        await using var receiver = await LoopbackPushReceiver.StartAsync();
        var time = new FakeTimeProvider(Now);
        await using var server = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions
        {
            TimeProvider = time,
            Push = WeChatPusherTests.Options(receiver, PushMode.Safe, PushFormat.Xml),
        });
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var added = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddTestOrder("o-push"));
        var waybillId = (string)added["waybill_id"]!;

        await caller.PostAsync(ExpressRoutes.TestUpdateOrder, OrderRequests.TestUpdate("o-push", waybillId, 1717200000, 100001, "揽件阶段"));
        var first = await server.Pushes[0];
        time.Advance(TimeSpan.FromMinutes(90));
        await caller.PostAsync(ExpressRoutes.TestUpdateOrder, OrderRequests.TestUpdate("o-push", waybillId, 1717205400, 200001, "运输阶段"));
        var second = await server.Pushes[1];

        Assert.Equal(2, server.Pushes.Count);
        Assert.True(first.Delivered && second.Delivered);
        Assert.Equal(2, receiver.Received.Count);
        var firstEvent = Decrypt(receiver.Received[0]);
        var secondEvent = Decrypt(receiver.Received[1]);
        Assert.Equal(
            $$"""{"ToUserName":"gh_0123456789ab","FromUserName":"oABC123456","CreateTime":{{Now.ToUnixTimeSeconds()}},"MsgType":"event","Event":"add_express_path","DeliveryID":"TEST","WayBillId":"{{waybillId}}","OrderId":"o-push","Version":1,"Count":1,"Actions":[{"ActionTime":1717200000,"ActionType":100001,"ActionMsg":"揽件阶段"}]}""",
            firstEvent.ToJsonString(Relaxed));
        Assert.Equal(2L, (long)secondEvent["Version"]!);
        Assert.Equal(2L, (long)secondEvent["Count"]!);
        Assert.Equal((Now + TimeSpan.FromMinutes(90)).ToUnixTimeSeconds(), (long)secondEvent["CreateTime"]!);
        Assert.Equal(["揽件阶段", "运输阶段"], secondEvent["Actions"]!.AsArray().Select(action => (string)action!["ActionMsg"]!));
        Assert.Equal("oABC123456", receiver.Received[1].Query["openid"]);
    }

    [Fact]
    public async Task Test_update_answers_while_its_push_is_still_waiting_for_the_receiver()
    {
        await using var receiver = await LoopbackPushReceiver.StartAsync();
        await using var server = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions
        {
            Push = WeChatPusherTests.Options(receiver, PushMode.Plain, PushFormat.Json),
        });
        using var caller = await SimulatorCaller.ConnectAsync(server);
        var added = await caller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddTestOrder("o-push"));
        var release = new TaskCompletionSource();
        receiver.ThenHang(release.Task);

        var answer = await caller.PostAsync(ExpressRoutes.TestUpdateOrder, OrderRequests.TestUpdate("o-push", (string)added["waybill_id"]!, 1717200000, 100001, "揽件阶段"));
        var push = Assert.Single(server.Pushes);
        var pendingWhenAnswered = !push.IsCompleted;
        release.SetResult();
        var delivery = await push;

        SimulatorCaller.AssertOk(answer);
        Assert.True(pendingWhenAnswered);
        Assert.True(delivery.Delivered);
        Assert.Single(delivery.Attempts);
    }

    [Fact]
    public async Task A_refused_test_update_pushes_nothing_and_a_simulator_without_push_settings_never_pushes()
    {
        await using var receiver = await LoopbackPushReceiver.StartAsync();
        await using var pushing = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions
        {
            Push = WeChatPusherTests.Options(receiver, PushMode.Safe, PushFormat.Json),
        });
        await using var silent = await WeChatSimulatorServer.StartAsync();
        using var pushingCaller = await SimulatorCaller.ConnectAsync(pushing);
        using var silentCaller = await SimulatorCaller.ConnectAsync(silent);
        var added = await silentCaller.PostAsync(ExpressRoutes.OrderAdd, OrderRequests.AddTestOrder("o-1"));

        var refused = await pushingCaller.PostAsync(ExpressRoutes.TestUpdateOrder, OrderRequests.TestUpdate("o-none", "TEST000000000000", 1717200000, 100001, "揽件阶段"));
        var unpushed = await silentCaller.PostAsync(ExpressRoutes.TestUpdateOrder, OrderRequests.TestUpdate("o-1", (string)added["waybill_id"]!, 1717200000, 100001, "揽件阶段"));

        SimulatorCaller.AssertError(refused, 930563, "order not exists");
        SimulatorCaller.AssertOk(unpushed);
        Assert.Empty(pushing.Pushes);
        Assert.Empty(silent.Pushes);
        Assert.Null(silent.PushOptions);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Push_settings_that_cannot_work_stop_the_simulator_from_starting()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions
        {
            Push = new PushOptions { EncodingAesKey = "not-43-characters" },
        }));
    }

    private static JsonObject Decrypt(ReceivedRequest request)
    {
        var envelope = PushMessages.XmlToJson(request.Body);
        var decrypted = IndependentPushCrypto.Decrypt("TG9naXN0aWNzRnVuY3Rpb25zLXNpbXVsYXRvci1rZXk", (string)envelope["Encrypt"]!);
        Assert.Equal("wx0123456789abcdef", decrypted.AppId);
        return PushMessages.XmlToJson(decrypted.Message!);
    }
}
