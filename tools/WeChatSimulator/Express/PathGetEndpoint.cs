namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// getPath: <c>POST /cgi-bin/express/business/path/get</c> once the gateway and the token have passed: the body, then the
/// waybill, from <see cref="TrackingData.Waybills"/> or from the orders addOrder created (with testUpdateOrder's trace).
/// </summary>
internal sealed class PathGetEndpoint(SimulatorState state)
{
    internal const string Path = "/cgi-bin/express/business/path/get";

    public async Task AnswerAsync(HttpContext context, string body)
    {
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
            await Fail(context, ExpressErrors.DataFormat);
            return;
        }

        if (TrackingData.FindCourier(deliveryId) is null)
        {
            await Fail(context, ExpressErrors.UnknownDelivery);
            return;
        }

        var waybill = TrackingData.Find(deliveryId, waybillId) ?? state.Orders.FindWaybill(deliveryId, waybillId);
        if (waybill is null)
        {
            await Fail(context, new WeChatError(40199, "waybill_id not found"));
            return;
        }

        // WeChat echoes the caller's openid and leaves it empty when none was sent.
        await WeChatJson.WriteAsync(context, WeChatJson.Serialize(writer =>
            WeChatJson.WritePathAnswer(writer, openid ?? string.Empty, waybill)));
    }

    private Task Fail(HttpContext context, WeChatError error) => WeChatJson.WriteErrorAsync(context, error, state.TimeProvider);
}
