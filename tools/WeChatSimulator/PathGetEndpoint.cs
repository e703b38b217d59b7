namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// <c>POST /cgi-bin/express/business/path/get?access_token=…</c> once the transport-level checks have passed: the token
/// first (as WeChat does, before it looks at the body), then the body, then the tracking data.
/// </summary>
internal sealed class PathGetEndpoint(SimulatorState state)
{
    internal const string Path = "/cgi-bin/express/business/path/get";

    public async Task AnswerAsync(HttpContext context, string body)
    {
        var token = context.Request.Query["access_token"].ToString();
        if (token.Length == 0)
        {
            await Fail(context, 41001, "access_token missing");
            return;
        }

        switch (state.Tokens.Check(token))
        {
            case TokenStatus.Invalid:
                await Fail(context, 40001, "invalid credential, access_token is invalid or not latest");
                return;
            case TokenStatus.Expired:
                await Fail(context, 42001, "access_token expired");
                return;
        }

        using var document = WeChatJson.TryParseObject(body);
        if (document is null
            || !WeChatJson.TryGetOptionalString(document.RootElement, "order_id", out var orderId)
            || !WeChatJson.TryGetOptionalString(document.RootElement, "openid", out var openid)
            || !WeChatJson.TryGetOptionalString(document.RootElement, "delivery_id", out var deliveryId)
            || !WeChatJson.TryGetOptionalString(document.RootElement, "waybill_id", out var waybillId)
            || string.IsNullOrEmpty(orderId)
            || string.IsNullOrEmpty(deliveryId)
            || string.IsNullOrEmpty(waybillId))
        {
            await Fail(context, 47001, "data format error");
            return;
        }

        if (!TrackingData.IsKnownCourier(deliveryId))
        {
            // WeChat's own English text for 9300503, misspelling included (global return codes page; WxJava's
            // WxOpenErrorMsgEnum: "delivery_id 不存在 / Specified delivery id is not registerred").
            await Fail(context, 9300503, "Specified delivery id is not registerred");
            return;
        }

        var waybill = TrackingData.Find(deliveryId, waybillId);
        if (waybill is null)
        {
            await Fail(context, 40199, "waybill_id not found");
            return;
        }

        // WeChat echoes the caller's openid and leaves it empty when none was sent.
        await WeChatJson.WriteAsync(context, WeChatJson.Serialize(writer =>
            WeChatJson.WritePathAnswer(writer, openid ?? string.Empty, waybill)));
    }

    private Task Fail(HttpContext context, int errcode, string message) =>
        WeChatJson.WriteErrorAsync(context, errcode, message, state.TimeProvider);
}
