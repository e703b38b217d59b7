namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>A 200 that says JSON and sends nothing, so a client's "no content" path gets exercised.</summary>
internal sealed record EmptyBodyFault : SimulatorFault
{
    internal override Task<bool> ApplyAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = WeChatJson.ContentType;
        context.Response.ContentLength = 0;
        return Task.FromResult(true);
    }
}
