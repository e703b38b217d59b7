namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>A 307 to another address: the request is not WeChat's to answer here.</summary>
internal sealed record RedirectFault(Uri Location) : SimulatorFault
{
    internal override Task<bool> ApplyAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider)
    {
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = new Uri(Location, context.Request.Path + context.Request.QueryString).AbsoluteUri;
        return Task.FromResult(true);
    }
}
