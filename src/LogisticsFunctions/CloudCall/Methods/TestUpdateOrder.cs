using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall.Methods;

public static partial class LogisticsMethods
{
    /// <summary>
    /// <c>[POST] /cgi-bin/express/business/test_update_order</c>: adds a node to a test order's path (a
    /// write), and with it an add_express_path push, without a real courier.
    /// </summary>
    public static CloudCallMethod TestUpdateOrder { get; } = new(
        "testUpdateOrder",
        WeChatApi.PostWrite(Prefix + "test_update_order"),
        new ObjectSchema("The node to add to a test order.",
        [
            Required("biz_id", new StringField("Always test_biz_id.", 16) { AllowedValues = ["test_biz_id"] }),
            Required("order_id", OrderId()),
            Required("delivery_id", new StringField("Always TEST.", 16) { AllowedValues = ["TEST"] }),
            Required("waybill_id", WaybillId()),
            Required("action_time", UnixTime("Unix time of the node, seconds.")),
            Required("action_type", new IntegerField("The node's type (see getPath).")),
            Required("action_msg", new StringField("The node's text.", 1024, identifier: false)),
        ]),
        Answer("Nothing beyond errMsg and errCode."),
        "Adds a node to a test order's path (courier TEST, account test_biz_id).",
        """{"bizId":"test_biz_id","orderId":"01234567890123456789","deliveryId":"TEST","waybillId":"TEST1234567890","actionTime":1533052800,"actionType":300002,"actionMsg":"out for delivery"}""")
    {
        WhenOutcomeUnknown = "repeating may add the node twice: check the path with getPath first",
    };
}
