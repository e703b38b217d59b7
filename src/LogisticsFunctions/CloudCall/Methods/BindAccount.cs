using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall.Methods;

public static partial class LogisticsMethods
{
    /// <summary><c>[POST] /cgi-bin/express/business/account/bind</c>: binds or unbinds a courier account (a write).</summary>
    public static CloudCallMethod BindAccount { get; } = new(
        "bindAccount",
        WeChatApi.PostWrite(Prefix + "account/bind"),
        new ObjectSchema("The account to bind or unbind.",
        [
            Required("type", new StringField("bind or unbind.", 16) { AllowedValues = ["bind", "unbind"] }),
            Required("biz_id", BizId()),
            Required("delivery_id", DeliveryId()),
            Optional("password", new StringField("The account's password, when the courier asks for one.", 256)),
            Optional("remark_content", new StringField("A note for the courier's review.", 1024, identifier: false)),
        ]),
        Answer("Nothing beyond errMsg and errCode."),
        "Binds or unbinds a courier account.",
        """{"type":"bind","bizId":"123456","deliveryId":"YTO","password":"xyz","remarkContent":"a note"}""")
    {
        WhenOutcomeUnknown = "repeating the call is safe: an account already bound answers 9300529, one already unbound 9300530; getAllAccount lists the bound accounts",
    };
}
