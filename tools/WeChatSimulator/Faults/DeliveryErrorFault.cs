namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>
/// The courier refused: WeChat's 9300501 with the courier's own code and message after errcode and errmsg, sent exactly
/// as given (no rid), as addOrder and cancelOrder answer a courier-side failure.
/// </summary>
internal sealed record DeliveryErrorFault(int DeliveryResultcode, string DeliveryResultmsg) : SimulatorFault
{
    internal override async Task PlayAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider, Func<Task> answer)
    {
        await WeChatJson.WriteAsync(context, WeChatJson.Serialize(writer =>
        {
            writer.WriteNumber("errcode", 9300501);
            writer.WriteString("errmsg", "delivery logic fail");
            writer.WriteNumber("delivery_resultcode", DeliveryResultcode);
            writer.WriteString("delivery_resultmsg", DeliveryResultmsg);
        }));
    }
}
