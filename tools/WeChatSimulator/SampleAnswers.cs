using System.Text.Json;
using LogisticsFunctions.WeChatSimulator.Express;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>A whole, valid answer of each endpoint, for faults that mangle one (<see cref="SimulatorFault.TruncatedBody"/>).</summary>
internal static class SampleAnswers
{
    private static readonly byte[] Ok = WeChatJson.Serialize(WriteOk);

    private static readonly byte[] Token = WeChatJson.Serialize(writer =>
    {
        writer.WriteString("access_token", new string('A', 128));
        writer.WriteNumber("expires_in", 7200);
    });

    private static readonly byte[] Path = WeChatJson.Serialize(writer =>
        WeChatJson.WritePathAnswer(writer, openid: "OPENID", TrackingData.SeedExample));

    private static readonly byte[] Accounts = AccountGetAllEndpoint.Serialize([.. SampleData.Accounts.Select(BoundAccount.From)]);

    private static readonly byte[] Printers = PrinterGetAllEndpoint.Serialize(SampleData.Printers);

    private static readonly byte[] Quota = WeChatJson.Serialize(writer =>
    {
        WriteOk(writer);
        writer.WriteNumber("quota_num", 210);
    });

    // The addOrder page's example order.
    private static readonly PlacedOrder Order = new(
        "01234567890123456789",
        "oABC123456",
        "SF",
        "xyz",
        "SF1234567890123",
        [new("SF_bagAddr", "广州"), new("SF_mark", "101-07-03 509")],
        new WaybillLabel(
            "顺丰速运",
            "标准快递",
            new("张三", "18666666666", "公司名", "广东省", "广州市", "海珠区", "XX路XX号XX大厦XX栋XX"),
            new("王小蒙", "18610000000", "公司名", "广东省", "广州市", "天河区", "XX路XX号XX大厦XX栋XX"),
            ["一千零一夜钻石包", "爱马仕铂金包"],
            "易碎物品"),
        PlacedOrder.Normal,
        Path: [],
        Version: 0);

    private static readonly byte[] AddedOrder = WeChatJson.Serialize(writer =>
    {
        WriteOk(writer);
        writer.WriteString("order_id", Order.OrderId);
        writer.WriteString("waybill_id", Order.WaybillId);
        OrderAnswer.WriteWaybillData(writer, Order.WaybillData);
        WriteDeliveryResult(writer);
    });

    private static readonly byte[] GotOrder = WeChatJson.Serialize(writer =>
    {
        WriteOk(writer);
        OrderAnswer.WriteForGetOrder(writer, Order, WaybillLabel.TwoPart, customRemark: null);
    });

    private static readonly byte[] BatchOfOrders = WeChatJson.Serialize(writer =>
    {
        WriteOk(writer);
        writer.WriteStartArray("order_list");
        writer.WriteStartObject();
        WriteOk(writer);
        OrderAnswer.WriteForBatchItem(writer, Order);
        writer.WriteEndObject();
        writer.WriteEndArray();
    });

    private static readonly byte[] CancelledOrder = WeChatJson.Serialize(writer =>
    {
        WriteOk(writer);
        WriteDeliveryResult(writer);
    });

    internal static byte[] For(SimulatorEndpoint endpoint) => endpoint switch
    {
        SimulatorEndpoint.StableToken => Token,
        SimulatorEndpoint.PathGet => Path,
        SimulatorEndpoint.DeliveryGetAll => DeliveryGetAllEndpoint.Answer,
        SimulatorEndpoint.AccountGetAll => Accounts,
        SimulatorEndpoint.PrinterGetAll => Printers,
        SimulatorEndpoint.QuotaGet => Quota,
        SimulatorEndpoint.OrderGet => GotOrder,
        SimulatorEndpoint.OrderBatchGet => BatchOfOrders,
        SimulatorEndpoint.OrderAdd => AddedOrder,
        SimulatorEndpoint.OrderCancel => CancelledOrder,
        SimulatorEndpoint.AccountBind or SimulatorEndpoint.PrinterUpdate or SimulatorEndpoint.TestUpdateOrder => Ok,
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
    };

    private static void WriteOk(Utf8JsonWriter writer)
    {
        writer.WriteNumber("errcode", 0);
        writer.WriteString("errmsg", "ok");
    }

    private static void WriteDeliveryResult(Utf8JsonWriter writer)
    {
        writer.WriteNumber("delivery_resultcode", 0);
        writer.WriteString("delivery_resultmsg", string.Empty);
    }
}
