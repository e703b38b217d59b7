using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall.Methods;

public static partial class LogisticsMethods
{
    /// <summary><c>[POST] /cgi-bin/express/business/order/get</c>: an order with its label.</summary>
    public static CloudCallMethod GetOrder { get; } = new(
        "getOrder",
        OrderGet(),
        new ObjectSchema("The order to get.",
        [
            Required("order_id", OrderId()),
            Optional("openid", Openid()),
            Required("delivery_id", DeliveryId()),
            Optional("waybill_id", WaybillId()),
            Optional("print_type", new IntegerField("The label: 1 one-part, 0 two-part (the default).", 0, 1)),
            Optional("custom_remark", new StringField("A remark printed on the label.", 1024, identifier: false)),
        ]),
        Order("The order."),
        "An order and its waybill label.",
        """{"orderId":"01234567890123456789","openid":"OPENID","deliveryId":"SF","waybillId":"123456789"}""");

    // A method, not a field: AddOrder's lookup reads it too, and static initializers of other files run in no set order.
    private static WeChatApi OrderGet() => WeChatApi.PostRead(Prefix + "order/get");

    private static ObjectSchema Order(string description, params Member[] more) => Answer(
        description,
        [
            Out("print_html", Text("The label to print, HTML in base64.")),
            Out("waybill_data", List("The label's data.", WaybillDataItem())),
            Out("order_id", OrderId()),
            Out("delivery_id", DeliveryId()),
            Out("waybill_id", WaybillId()),
            Out("order_status", Int("0 normal, 1 cancelled.")),
            .. more,
        ]);
}
