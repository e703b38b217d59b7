using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall.Methods;

public static partial class LogisticsMethods
{
    /// <summary><c>[GET] /cgi-bin/express/business/delivery/getall</c>: every courier WeChat supports.</summary>
    public static CloudCallMethod GetAllDelivery { get; } = new(
        "getAllDelivery",
        WeChatApi.Get(Prefix + "delivery/getall"),
        NoParameters(),
        Answer(
            "The couriers.",
            Out("count", Int("The number of couriers.")),
            Out("data", List("The couriers.", Answer(
                "A courier.",
                Out("delivery_id", DeliveryId()),
                Out("delivery_name", Text("The courier's name.")),
                Out("can_use_cash", Int("1 when it can be paid in cash (no account needed).")),
                Out("can_get_quota", Int("1 when getQuota works for it.")),
                Out("cash_biz_id", Text("The biz_id to use for cash payment.")),
                Out("service_type", List("Its services.", ServiceType())))))),
        "The couriers WeChat's logistics service supports.",
        "{}");
}
