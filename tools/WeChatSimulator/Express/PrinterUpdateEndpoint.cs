using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// updatePrinter: <c>POST /cgi-bin/express/business/printer/update</c> <c>{openid, update_type, tagid_list?}</c>:
/// update_type <c>bind</c> or <c>unbind</c> (else 9300517); tagid_list is a comma-separated string of at most 10 numeric
/// ids without spaces (else 9300533). Binding a bound printer replaces its tags; unbinding an unbound one succeeds.
/// </summary>
internal sealed class PrinterUpdateEndpoint(SimulatorState state)
{
    internal const string Path = "/cgi-bin/express/business/printer/update";

    public async Task AnswerAsync(HttpContext context, JsonElement root)
    {
        var reader = new BodyReader();
        var openid = reader.String(root, "openid", required: true, maxBytes: 128);
        var updateType = reader.String(root, "update_type", required: true);
        var tagIdList = reader.String(root, "tagid_list", required: false);
        if (reader.Failure is { } failure)
        {
            await Fail(context, failure);
            return;
        }

        switch (updateType)
        {
            case "bind" when state.Printers.Bind(openid!, tagIdList) is { } refused:
                await Fail(context, refused);
                return;
            case "bind":
                break;
            case "unbind":
                state.Printers.Unbind(openid!);
                break;
            default:
                await Fail(context, ExpressErrors.InvalidUpdateType);
                return;
        }

        await WeChatJson.WriteOkAsync(context);
    }

    private Task Fail(HttpContext context, WeChatError error) => WeChatJson.WriteErrorAsync(context, error, state.TimeProvider);
}
