namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>getAllAccount: <c>GET /cgi-bin/express/business/account/getall</c>, the accounts as bindAccount and addOrder left them.</summary>
internal sealed class AccountGetAllEndpoint(SimulatorState state)
{
    internal const string Path = "/cgi-bin/express/business/account/getall";

    public Task AnswerAsync(HttpContext context, string body) => WeChatJson.WriteAsync(context, Serialize(state.Accounts.List()));

    internal static byte[] Serialize(IReadOnlyList<BoundAccount> accounts) => WeChatJson.Serialize(writer =>
    {
        writer.WriteNumber("errcode", 0);
        writer.WriteString("errmsg", "ok");
        writer.WriteNumber("count", accounts.Count);
        writer.WriteStartArray("list");
        foreach (var account in accounts)
        {
            writer.WriteStartObject();
            writer.WriteString("biz_id", account.BizId);
            writer.WriteString("delivery_id", account.DeliveryId);
            writer.WriteNumber("create_time", account.CreateTime);
            writer.WriteNumber("update_time", account.UpdateTime);
            writer.WriteNumber("status_code", account.StatusCode);
            writer.WriteString("alias", account.Alias);
            writer.WriteString("remark_wrong_msg", account.RemarkWrongMsg);
            writer.WriteString("remark_content", account.RemarkContent);
            writer.WriteNumber("quota_num", account.QuotaNum);
            writer.WriteNumber("quota_update_time", account.QuotaUpdateTime);
            DeliveryGetAllEndpoint.WriteServiceTypes(writer, TrackingData.FindCourier(account.DeliveryId)?.ServiceTypes ?? []);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });
}
