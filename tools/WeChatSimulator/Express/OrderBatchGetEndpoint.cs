using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// batchGetOrder: <c>POST /cgi-bin/express/business/order/batchget</c> <c>{order_list: [{order_id, delivery_id,
/// waybill_id?}]}</c>, 1 to 100 items (more is 9300526). The call succeeds when the body is sound; each item carries its
/// own errcode and errmsg, and an unknown order is an item with "order not exists" that echoes what was asked.
/// </summary>
internal sealed class OrderBatchGetEndpoint(SimulatorState state)
{
    internal const string Path = "/cgi-bin/express/business/order/batchget";

    internal const int MaxItems = 100;

    public async Task AnswerAsync(HttpContext context, JsonElement root)
    {
        var reader = new BodyReader();
        var wanted = new List<(string OrderId, string DeliveryId, string? WaybillId)>();
        if (reader.Array(root, "order_list", required: true) is { } list)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    reader.FailFormat();
                    continue;
                }

                var orderId = reader.String(item, "order_id", required: true);
                var deliveryId = reader.String(item, "delivery_id", required: true);
                var waybillId = reader.String(item, "waybill_id", required: false);
                wanted.Add((orderId ?? string.Empty, deliveryId ?? string.Empty, waybillId));
            }

            if (wanted.Count == 0)
            {
                reader.FailFormat();
            }
        }

        var failure = reader.Failure ?? (wanted.Count > MaxItems ? ExpressErrors.FieldTooLong : null);
        if (failure is not null)
        {
            await Fail(context, failure);
            return;
        }

        var found = wanted.Select(item => (Asked: item, Order: state.Orders.Find(item.OrderId, item.DeliveryId, item.WaybillId))).ToList();
        await WeChatJson.WriteOkAsync(context, writer =>
        {
            writer.WriteStartArray("order_list");
            foreach (var (asked, order) in found)
            {
                writer.WriteStartObject();
                if (order is null)
                {
                    writer.WriteNumber("errcode", ExpressErrors.OrderNotFound.Errcode);
                    writer.WriteString("errmsg", ExpressErrors.OrderNotFound.Errmsg);
                    writer.WriteString("order_id", asked.OrderId);
                    writer.WriteString("delivery_id", asked.DeliveryId);
                    writer.WriteString("waybill_id", asked.WaybillId ?? string.Empty);
                }
                else
                {
                    writer.WriteNumber("errcode", 0);
                    writer.WriteString("errmsg", "ok");
                    OrderAnswer.WriteForBatchItem(writer, order);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    private Task Fail(HttpContext context, WeChatError error) => WeChatJson.WriteErrorAsync(context, error, state.TimeProvider);
}
