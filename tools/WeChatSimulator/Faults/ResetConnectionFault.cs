namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>The connection dies before a status line is sent, as when a load balancer drops it.</summary>
internal sealed record ResetConnectionFault : SimulatorFault
{
    internal override Task<bool> ApplyAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider)
    {
        context.Abort();
        return Task.FromResult(true);
    }
}
