using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall.Methods;

public static partial class LogisticsMethods
{
    /// <summary><c>[GET] /cgi-bin/express/business/printer/getall</c>: the users allowed to print labels.</summary>
    public static CloudCallMethod GetPrinter { get; } = new(
        "getPrinter",
        WeChatApi.Get(Prefix + "printer/getall"),
        NoParameters(),
        Answer(
            "The printers.",
            Out("count", Int("The number of printers.")),
            Out("openid", List("Their openids.", Openid())),
            Out("tagid_list", List("The user tags allowed to print.", Text("A tag id.")))),
        "The users who may print waybill labels.",
        "{}");
}
