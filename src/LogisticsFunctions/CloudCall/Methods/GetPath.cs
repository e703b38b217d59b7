using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall.Methods;

public static partial class LogisticsMethods
{
    /// <summary><c>[POST] /cgi-bin/express/business/path/get</c>: the tracking path of one waybill.</summary>
    public static CloudCallMethod GetPath { get; } = new(
        "getPath",
        WeChatApi.PostRead(Prefix + "path/get"),
        new ObjectSchema("The waybill whose path to get.",
        [
            Required("order_id", OrderId()),
            Optional("openid", Openid()),
            Required("delivery_id", DeliveryId()),
            Required("waybill_id", WaybillId()),
        ]),
        Answer(
            "The waybill's path, oldest node first.",
            Out("openid", Openid()),
            Out("delivery_id", DeliveryId()),
            Out("waybill_id", WaybillId()),
            Out("path_item_num", Int("The number of nodes.")),
            Out("path_item_list", List("The nodes.", Answer(
                "One node of the path.",
                Out("action_time", UnixTime("Unix time of the node, seconds.")),
                Out("action_type", Int("100001 picked up, 100002 pick-up failed, 100003 courier assigned, 200001 in transit, 300002 out for delivery, 300003 signed, 300004 signing failed, 400001 cancelled, 400002 held; other values pass through.")),
                Out("action_msg", Text("The courier's text.")))))),
        "The tracking path of a waybill.",
        """{"orderId":"01234567890123456789","openid":"OPENID","deliveryId":"SF","waybillId":"12345678901234567890"}""");
}
