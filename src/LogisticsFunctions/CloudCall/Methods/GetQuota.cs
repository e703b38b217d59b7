using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall.Methods;

public static partial class LogisticsMethods
{
    /// <summary><c>[POST] /cgi-bin/express/business/quota/get</c>: waybills left on a courier account.</summary>
    public static CloudCallMethod GetQuota { get; } = new(
        "getQuota",
        WeChatApi.PostRead(Prefix + "quota/get"),
        new ObjectSchema("The account whose quota to get.",
        [
            Required("delivery_id", DeliveryId()),
            Required("biz_id", BizId()),
        ]),
        Answer("The quota.", Out("quota_num", Int("Waybills left."))),
        "The waybills left on a courier account.",
        """{"deliveryId":"YTO","bizId":"xyz"}""");
}
