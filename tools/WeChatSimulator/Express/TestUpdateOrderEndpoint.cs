using System.Text.Json;
using LogisticsFunctions.WeChatSimulator.Push;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// testUpdateOrder: <c>POST /cgi-bin/express/business/test_update_order</c> <c>{biz_id, order_id, delivery_id,
/// waybill_id, action_time, action_type, action_msg}</c>, every member required: appends the trace point to an order
/// placed with <c>TEST</c>/<c>test_biz_id</c> (<see cref="OrderBook.TryAppendTrace"/>), which path/get then returns,
/// and, when the simulator pushes, pushes the trace as an <c>add_express_path</c> event without waiting for it.
/// action_type passes unvalidated, as WeChat's path does.
/// </summary>
internal sealed class TestUpdateOrderEndpoint(SimulatorState state, PushDispatcher? pushes)
{
    internal const string Path = "/cgi-bin/express/business/test_update_order";

    public async Task AnswerAsync(HttpContext context, JsonElement root)
    {
        var reader = new BodyReader();
        var bizId = reader.String(root, "biz_id", required: true);
        var orderId = reader.String(root, "order_id", required: true);
        var deliveryId = reader.String(root, "delivery_id", required: true);
        var waybillId = reader.String(root, "waybill_id", required: true);
        var actionTime = reader.Integer(root, "action_time", required: true);
        var actionType = reader.Integer(root, "action_type", required: true);
        var actionMsg = reader.String(root, "action_msg", required: true);
        if (actionType is < int.MinValue or > int.MaxValue)
        {
            reader.FailFormat();
        }

        if (reader.Failure is { } failure)
        {
            await Fail(context, failure);
            return;
        }

        var item = new SimulatedPathItem(actionTime!.Value, (int)actionType!.Value, actionMsg!);
        if (state.Orders.TryAppendTrace(bizId!, orderId!, deliveryId!, waybillId!, item, out var order) is { } refused)
        {
            await Fail(context, refused);
            return;
        }

        pushes?.Enqueue(new ExpressPathEvent(
            pushes.Options.ToUserName,
            order!.Openid,
            state.TimeProvider.GetUtcNow().ToUnixTimeSeconds(),
            order.DeliveryId,
            order.WaybillId,
            order.OrderId,
            order.Version,
            order.Path));

        await WeChatJson.WriteOkAsync(context);
    }

    private Task Fail(HttpContext context, WeChatError error) => WeChatJson.WriteErrorAsync(context, error, state.TimeProvider);
}
