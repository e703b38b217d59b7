using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// cancelOrder: <c>POST /cgi-bin/express/business/order/cancel</c> <c>{order_id, openid?, delivery_id, waybill_id}</c>:
/// sets order_status 1. Cancelling twice is 9300524; a waybill that already has a trace cannot be cancelled (9300506).
/// Cancelling gives no quota back.
/// </summary>
internal sealed class OrderCancelEndpoint(SimulatorState state)
{
    internal const string Path = "/cgi-bin/express/business/order/cancel";

    public async Task AnswerAsync(HttpContext context, JsonElement root)
    {
        var reader = new BodyReader();
        var orderId = reader.String(root, "order_id", required: true);
        reader.String(root, "openid", required: false);
        var deliveryId = reader.String(root, "delivery_id", required: true);
        var waybillId = reader.String(root, "waybill_id", required: true);
        if (reader.Failure is { } failure)
        {
            await Fail(context, failure);
            return;
        }

        if (state.Orders.TryCancel(orderId!, deliveryId!, waybillId!) is { } refused)
        {
            await Fail(context, refused);
            return;
        }

        await WeChatJson.WriteOkAsync(context, writer =>
        {
            writer.WriteNumber("delivery_resultcode", 0);
            writer.WriteString("delivery_resultmsg", string.Empty);
        });
    }

    private Task Fail(HttpContext context, WeChatError error) => WeChatJson.WriteErrorAsync(context, error, state.TimeProvider);
}
