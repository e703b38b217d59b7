using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>An order's members as getOrder and batchGetOrder write them, each in its own documented order.</summary>
internal static class OrderAnswer
{
    /// <summary>getOrder: print_html, waybill_data, order_id, delivery_id, waybill_id, order_status.</summary>
    public static void WriteForGetOrder(Utf8JsonWriter writer, PlacedOrder order, int printType, string? customRemark)
    {
        writer.WriteString("print_html", order.Label.ToPrintHtml(order.WaybillId, order.WaybillData, printType, customRemark));
        WriteWaybillData(writer, order.WaybillData);
        writer.WriteString("order_id", order.OrderId);
        writer.WriteString("delivery_id", order.DeliveryId);
        writer.WriteString("waybill_id", order.WaybillId);
        writer.WriteNumber("order_status", order.OrderStatus);
    }

    /// <summary>A batchGetOrder item after its errcode and errmsg: order_id, delivery_id, waybill_id, print_html, waybill_data, order_status.</summary>
    public static void WriteForBatchItem(Utf8JsonWriter writer, PlacedOrder order)
    {
        writer.WriteString("order_id", order.OrderId);
        writer.WriteString("delivery_id", order.DeliveryId);
        writer.WriteString("waybill_id", order.WaybillId);
        writer.WriteString("print_html", order.Label.ToPrintHtml(order.WaybillId, order.WaybillData, WaybillLabel.TwoPart, customRemark: null));
        WriteWaybillData(writer, order.WaybillData);
        writer.WriteNumber("order_status", order.OrderStatus);
    }

    public static void WriteWaybillData(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, string>> data)
    {
        writer.WriteStartArray("waybill_data");
        foreach (var (key, value) in data)
        {
            writer.WriteStartObject();
            writer.WriteString("key", key);
            writer.WriteString("value", value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
