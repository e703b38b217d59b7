namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>
/// WeChat carries the call out (an order placed, a node added and pushed, an account bound) and then its answer is lost
/// to <paramref name="Loss"/>: the caller cannot tell from what it gets that anything happened, which is what a write's
/// unknown outcome is.
/// </summary>
internal sealed record AfterActingFault(SimulatorFault Loss) : SimulatorFault
{
    internal override async Task PlayAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider, Func<Task> answer)
    {
        // WeChat's answer is written aside; only what the loss lets through reaches the wire.
        var wire = context.Response.Body;
        using var answered = new MemoryStream();
        context.Response.Body = answered;
        try
        {
            await answer();
        }
        finally
        {
            context.Response.Body = wire;
        }

        // A delay lets the answer through late: the status and headers WeChat set are still unsent.
        await Loss.PlayAsync(context, endpoint, timeProvider, () => wire.WriteAsync(answered.GetBuffer().AsMemory(0, (int)answered.Length), context.RequestAborted).AsTask());
    }
}
