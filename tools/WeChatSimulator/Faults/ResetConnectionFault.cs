namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>The connection dies before a status line is sent, as when a load balancer drops it.</summary>
internal sealed record ResetConnectionFault : SimulatorFault
{
    internal override Task PlayAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider, Func<Task> answer)
    {
        context.Abort();
        return Task.CompletedTask;
    }
}
