namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>A 200 that says JSON and sends nothing, so a client's "no content" path gets exercised.</summary>
internal sealed record EmptyBodyFault : SimulatorFault
{
    internal override Task PlayAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider, Func<Task> answer)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = WeChatJson.ContentType;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
