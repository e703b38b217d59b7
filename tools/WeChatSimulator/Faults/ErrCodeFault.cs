namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>A WeChat business error, sent exactly as given (no rid is added, so tests can match the whole message).</summary>
internal sealed record ErrCodeFault(int Errcode, string Errmsg) : SimulatorFault
{
    internal override async Task<bool> ApplyAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider)
    {
        await WeChatJson.WriteErrorAsync(context, Errcode, Errmsg);
        return true;
    }
}
