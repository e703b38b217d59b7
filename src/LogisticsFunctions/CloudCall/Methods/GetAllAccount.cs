using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall.Methods;

public static partial class LogisticsMethods
{
    /// <summary><c>[GET] /cgi-bin/express/business/account/getall</c>: the courier accounts bound to the mini-program.</summary>
    public static CloudCallMethod GetAllAccount { get; } = new(
        "getAllAccount",
        WeChatApi.Get(Prefix + "account/getall"),
        NoParameters(),
        Answer(
            "The bound accounts.",
            Out("count", Int("The number of accounts.")),
            Out("list", List("The accounts.", Answer(
                "A courier account.",
                Out("biz_id", BizId()),
                Out("delivery_id", DeliveryId()),
                Out("create_time", UnixTime("Unix time it was bound.")),
                Out("update_time", UnixTime("Unix time it last changed.")),
                Out("status_code", Int("0 bound, 1 under review, 2 refused.")),
                Out("alias", Text("Its alias.")),
                Out("remark_wrong_msg", Text("Why the binding was refused.")),
                Out("remark_content", Text("The note given when binding.")),
                Out("quota_num", Int("Waybills left on the account.")),
                Out("quota_update_time", UnixTime("Unix time the quota last changed.")),
                Out("service_type", List("Its services.", ServiceType())))))),
        "The courier accounts bound to the mini-program.",
        "{}");
}
