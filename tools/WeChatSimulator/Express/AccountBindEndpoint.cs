using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// bindAccount: <c>POST /cgi-bin/express/business/account/bind</c> <c>{type, biz_id, delivery_id, password?,
/// remark_content?}</c>, type <c>bind</c> or <c>unbind</c> (anything else is 47001). The rules are
/// <see cref="AccountBook.Bind"/> and <see cref="AccountBook.Unbind"/>.
/// </summary>
internal sealed class AccountBindEndpoint(SimulatorState state)
{
    internal const string Path = "/cgi-bin/express/business/account/bind";

    public async Task AnswerAsync(HttpContext context, JsonElement root)
    {
        var reader = new BodyReader();
        var type = reader.String(root, "type", required: true);
        var bizId = reader.String(root, "biz_id", required: true);
        var deliveryId = reader.String(root, "delivery_id", required: true);
        var password = reader.String(root, "password", required: false);
        var remarkContent = reader.String(root, "remark_content", required: false);
        if (type is not (null or "bind" or "unbind"))
        {
            reader.FailFormat();
        }

        if (reader.Failure is { } failure)
        {
            await Fail(context, failure);
            return;
        }

        var refused = type == "bind"
            ? state.Accounts.Bind(deliveryId!, bizId!, password, remarkContent)
            : state.Accounts.Unbind(deliveryId!, bizId!);
        if (refused is not null)
        {
            await Fail(context, refused);
            return;
        }

        await WeChatJson.WriteOkAsync(context);
    }

    private Task Fail(HttpContext context, WeChatError error) => WeChatJson.WriteErrorAsync(context, error, state.TimeProvider);
}
