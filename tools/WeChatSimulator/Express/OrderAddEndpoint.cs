using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// addOrder: <c>POST /cgi-bin/express/business/order/add</c>: checks the body (<see cref="OrderAddRequest"/>) and the
/// rules (<see cref="OrderBook.TryAdd"/>), then answers the new order's waybill.
/// </summary>
internal sealed class OrderAddEndpoint(SimulatorState state)
{
    internal const string Path = "/cgi-bin/express/business/order/add";

    public async Task AnswerAsync(HttpContext context, JsonElement root)
    {
        var (request, failure) = OrderAddRequest.Parse(root);
        if (failure is not null)
        {
            await Fail(context, failure);
            return;
        }

        if (state.Orders.TryAdd(request!, out var order) is { } refused)
        {
            await Fail(context, refused);
            return;
        }

        await WeChatJson.WriteOkAsync(context, writer =>
        {
            writer.WriteString("order_id", order!.OrderId);
            writer.WriteString("waybill_id", order.WaybillId);
            OrderAnswer.WriteWaybillData(writer, order.WaybillData);
            writer.WriteNumber("delivery_resultcode", 0);
            writer.WriteString("delivery_resultmsg", string.Empty);
        });
    }

    private Task Fail(HttpContext context, WeChatError error) => WeChatJson.WriteErrorAsync(context, error, state.TimeProvider);
}
