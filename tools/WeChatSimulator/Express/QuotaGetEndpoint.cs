using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// getQuota: <c>POST /cgi-bin/express/business/quota/get</c> <c>{delivery_id, biz_id}</c>: the waybills left on a bound
/// account; 9300527 for couriers without quotas, 9300525 for an account that is not bound.
/// </summary>
internal sealed class QuotaGetEndpoint(SimulatorState state)
{
    internal const string Path = "/cgi-bin/express/business/quota/get";

    public async Task AnswerAsync(HttpContext context, JsonElement root)
    {
        var reader = new BodyReader();
        var deliveryId = reader.String(root, "delivery_id", required: true);
        var bizId = reader.String(root, "biz_id", required: true);
        if (reader.Failure is { } failure)
        {
            await Fail(context, failure);
            return;
        }

        if (state.Accounts.TryGetQuota(deliveryId!, bizId!, out var quotaNum) is { } refused)
        {
            await Fail(context, refused);
            return;
        }

        await WeChatJson.WriteOkAsync(context, writer => writer.WriteNumber("quota_num", quotaNum));
    }

    private Task Fail(HttpContext context, WeChatError error) => WeChatJson.WriteErrorAsync(context, error, state.TimeProvider);
}
