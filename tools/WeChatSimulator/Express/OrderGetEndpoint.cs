using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// getOrder: <c>POST /cgi-bin/express/business/order/get</c> <c>{order_id, openid?, delivery_id, waybill_id?, print_type?,
/// custom_remark?}</c>: the order with its label; an order it does not have is "order not exists".
/// </summary>
internal sealed class OrderGetEndpoint(SimulatorState state)
{
    internal const string Path = "/cgi-bin/express/business/order/get";

    public async Task AnswerAsync(HttpContext context, JsonElement root)
    {
        var reader = new BodyReader();
        var orderId = reader.String(root, "order_id", required: true);
        reader.String(root, "openid", required: false);
        var deliveryId = reader.String(root, "delivery_id", required: true);
        var waybillId = reader.String(root, "waybill_id", required: false);
        var printType = reader.Integer(root, "print_type", required: false) ?? WaybillLabel.TwoPart;
        var customRemark = reader.String(root, "custom_remark", required: false, maxBytes: 1024);
        if (printType is not (WaybillLabel.TwoPart or WaybillLabel.OnePart))
        {
            reader.FailFormat();
        }

        if (reader.Failure is { } failure)
        {
            await Fail(context, failure);
            return;
        }

        if (state.Orders.Find(orderId!, deliveryId!, waybillId) is not { } order)
        {
            await Fail(context, ExpressErrors.OrderNotFound);
            return;
        }

        await WeChatJson.WriteOkAsync(context, writer => OrderAnswer.WriteForGetOrder(writer, order, (int)printType, customRemark));
    }

    private Task Fail(HttpContext context, WeChatError error) => WeChatJson.WriteErrorAsync(context, error, state.TimeProvider);
}
