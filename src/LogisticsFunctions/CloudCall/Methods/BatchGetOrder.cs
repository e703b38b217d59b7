using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall.Methods;

public static partial class LogisticsMethods
{
    /// <summary>
    /// <c>[POST] /cgi-bin/express/business/order/batchget</c>: up to 100 orders at once. The call can succeed
    /// while single orders fail: each item keeps its own errcode and errmsg.
    /// </summary>
    public static CloudCallMethod BatchGetOrder { get; } = new(
        "batchGetOrder",
        WeChatApi.PostRead(Prefix + "order/batchget"),
        new ObjectSchema("The orders to get.",
        [
            Required("order_list", new ArrayField("The orders (1 to 100).", new ObjectSchema("An order to get.",
            [
                Required("order_id", OrderId()),
                Required("delivery_id", DeliveryId()),
                Optional("waybill_id", WaybillId()),
            ]), 1, 100)),
        ]),
        Answer(
            "The orders.",
            Out("order_list", List("One item per order asked for.", Order(
                "An order, or why it could not be got.",
                Out("errcode", Int("0, or WeChat's error for this order alone.")),
                Out("errmsg", Text("WeChat's message for this order.")))))),
        "Several orders and their labels at once.",
        """{"orderList":[{"orderId":"01234567890123456789","deliveryId":"SF","waybillId":"123456789"}]}""");
}
