using System.Text.RegularExpressions;
using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall.Methods;

public static partial class LogisticsMethods
{
    /// <summary><c>[POST] /cgi-bin/express/business/printer/update</c>: allows or stops a user printing labels (a write).</summary>
    public static CloudCallMethod UpdatePrinter { get; } = new(
        "updatePrinter",
        WeChatApi.PostWrite(Prefix + "printer/update"),
        new ObjectSchema("The printer to bind or unbind.",
        [
            Required("openid", Openid()),
            Required("update_type", new StringField("bind or unbind.", 16) { AllowedValues = ["bind", "unbind"] }),
            // WeChat wants a comma-separated string here, although getPrinter answers tagid_list as an array.
            Optional("tagid_list", new StringField("User tag ids allowed to print, comma-separated without spaces, at most 10 (e.g. \"123,456\").", 256)
            {
                Pattern = TagIdList(),
                PatternDescription = "a comma-separated string of at most 10 tag ids without spaces, e.g. \"123,456\"",
            }),
        ]),
        Answer("Nothing beyond errMsg and errCode."),
        "Allows a user to print waybill labels, or stops them.",
        """{"openid":"OPENID","updateType":"bind","tagidList":"123,456"}""")
    {
        WhenOutcomeUnknown = "repeating the same call is safe; getPrinter lists the printers",
    };

    [GeneratedRegex("^[0-9]+(,[0-9]+){0,9}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagIdList();
}
