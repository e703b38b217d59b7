using System.Net;
using System.Text;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// What an order's label prints, and the label itself as getOrder's <c>print_html</c>: an HTML page, base64-encoded.
/// One-part labels (print_type 1) have one copy; two-part labels (0, the default) add the sender's copy.
/// </summary>
internal sealed record WaybillLabel(
    string CourierName,
    string ServiceName,
    OrderContact Sender,
    OrderContact Receiver,
    IReadOnlyList<string> CargoNames,
    string CustomRemark)
{
    public const int TwoPart = 0;
    public const int OnePart = 1;

    /// <summary>The base64 <c>print_html</c>; <paramref name="customRemark"/> (getOrder's) replaces the order's own when given.</summary>
    public string ToPrintHtml(string waybillId, IReadOnlyList<KeyValuePair<string, string>> waybillData, int printType, string? customRemark)
    {
        var remark = string.IsNullOrEmpty(customRemark) ? CustomRemark : customRemark;
        var mark = waybillData.FirstOrDefault(pair => pair.Key.EndsWith("_mark", StringComparison.Ordinal)).Value ?? string.Empty;
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(CourierName)).Append(' ').Append(Encode(waybillId))
            .Append("</title></head><body>");
        AppendCopy(html, "收件联", waybillId, mark, remark);
        if (printType == TwoPart)
        {
            AppendCopy(html, "寄件联", waybillId, mark, remark);
        }

        html.Append("</body></html>");
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(html.ToString()));
    }

    private void AppendCopy(StringBuilder html, string copy, string waybillId, string mark, string remark) => html
        .Append("<section class=\"label\" data-copy=\"").Append(copy).Append("\">")
        .Append("<h1>").Append(Encode(CourierName)).Append(' ').Append(Encode(ServiceName)).Append("</h1>")
        .Append("<p class=\"waybill\">").Append(Encode(waybillId)).Append("</p>")
        .Append("<p class=\"mark\">").Append(Encode(mark)).Append("</p>")
        .Append("<p class=\"receiver\">收：").Append(Describe(Receiver)).Append("</p>")
        .Append("<p class=\"sender\">寄：").Append(Describe(Sender)).Append("</p>")
        .Append("<p class=\"cargo\">").Append(Encode(string.Join("、", CargoNames))).Append("</p>")
        .Append("<p class=\"remark\">").Append(Encode(remark)).Append("</p>")
        .Append("</section>");

    private static string Describe(OrderContact contact) =>
        Encode($"{contact.Name} {Mask(contact.Phone)} {contact.Province}{contact.City}{contact.Area}{contact.Address}");

    // Labels hide the middle of a mobile number, as couriers print them.
    private static string Mask(string phone) =>
        phone.Length == 11 && phone.All(char.IsAsciiDigit) ? string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(7)) : phone;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
