namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>A WeChat business error, sent exactly as given (no rid is added, so tests can match the whole message).</summary>
internal sealed record ErrCodeFault(int Errcode, string Errmsg) : SimulatorFault
{
    internal override async Task PlayAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider, Func<Task> answer)
    {
        await WeChatJson.WriteErrorAsync(context, Errcode, Errmsg);
    }
}
