using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall.Methods;

public static partial class LogisticsMethods
{
    /// <summary><c>[POST] /cgi-bin/express/business/order/cancel</c>: cancels an order (a write).</summary>
    public static CloudCallMethod CancelOrder { get; } = new(
        "cancelOrder",
        WeChatApi.PostWrite(Prefix + "order/cancel"),
        new ObjectSchema("The order to cancel.",
        [
            Required("order_id", OrderId()),
            Optional("openid", Openid()),
            Required("delivery_id", DeliveryId()),
            Required("waybill_id", WaybillId()),
        ]),
        Answer(
            "The courier's answer.",
            Out("delivery_resultcode", Int("The courier's own result code.")),
            Out("delivery_resultmsg", Text("The courier's own message."))),
        "Cancels an order (once its waybill has a trace it can no longer be cancelled: 9300506).",
        """{"orderId":"01234567890123456789","openid":"OPENID","deliveryId":"SF","waybillId":"123456789"}""")
    {
        WhenOutcomeUnknown = "repeating the call is safe: an order already cancelled answers 9300524; getOrder shows orderStatus 1 once it is cancelled",
    };
}
