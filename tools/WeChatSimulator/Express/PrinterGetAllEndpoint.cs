namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// getPrinter: <c>GET /cgi-bin/express/business/printer/getall</c>: the bound printers' openids and, as an array, every tag
/// id any of them prints for, each once, in the order first seen.
/// </summary>
internal sealed class PrinterGetAllEndpoint(SimulatorState state)
{
    internal const string Path = "/cgi-bin/express/business/printer/getall";

    public Task AnswerAsync(HttpContext context, string body) => WeChatJson.WriteAsync(context, Serialize(state.Printers.List()));

    internal static byte[] Serialize(IReadOnlyList<SimulatedPrinter> printers) => WeChatJson.Serialize(writer =>
    {
        writer.WriteNumber("errcode", 0);
        writer.WriteString("errmsg", "ok");
        writer.WriteNumber("count", printers.Count);
        writer.WriteStartArray("openid");
        foreach (var printer in printers)
        {
            writer.WriteStringValue(printer.Openid);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("tagid_list");
        foreach (var tag in printers.SelectMany(printer => printer.TagIds).Distinct(StringComparer.Ordinal))
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
    });
}
