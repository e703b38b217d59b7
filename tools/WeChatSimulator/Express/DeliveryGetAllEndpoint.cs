using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>getAllDelivery: <c>GET /cgi-bin/express/business/delivery/getall</c>, the couriers of <see cref="TrackingData.Couriers"/>.</summary>
internal static class DeliveryGetAllEndpoint
{
    internal const string Path = "/cgi-bin/express/business/delivery/getall";

    /// <summary>The whole answer; the couriers never change, so it is written once.</summary>
    internal static readonly byte[] Answer = WeChatJson.Serialize(writer =>
    {
        writer.WriteNumber("errcode", 0);
        writer.WriteString("errmsg", "ok");
        writer.WriteNumber("count", TrackingData.Couriers.Count);
        writer.WriteStartArray("data");
        foreach (var courier in TrackingData.Couriers)
        {
            writer.WriteStartObject();
            writer.WriteString("delivery_id", courier.DeliveryId);
            writer.WriteString("delivery_name", courier.Name);
            writer.WriteNumber("can_use_cash", courier.CanUseCash ? 1 : 0);
            writer.WriteNumber("can_get_quota", courier.CanGetQuota ? 1 : 0);
            writer.WriteString("cash_biz_id", courier.CashBizId);
            WriteServiceTypes(writer, courier.ServiceTypes);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static Task AnswerAsync(HttpContext context, string body) => WeChatJson.WriteAsync(context, Answer);

    /// <summary>A courier's or an account's <c>service_type</c> array.</summary>
    internal static void WriteServiceTypes(Utf8JsonWriter writer, IReadOnlyList<SimulatedServiceType> serviceTypes)
    {
        writer.WriteStartArray("service_type");
        foreach (var service in serviceTypes)
        {
            writer.WriteStartObject();
            writer.WriteNumber("service_type", service.ServiceType);
            writer.WriteString("service_name", service.ServiceName);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
