namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>A 307 to another address: the request is not WeChat's to answer here.</summary>
internal sealed record RedirectFault(Uri Location) : SimulatorFault
{
    internal override Task PlayAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider, Func<Task> answer)
    {
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = new Uri(Location, context.Request.Path + context.Request.QueryString).AbsoluteUri;
        // No body, whatever an answer written before (see AfterActing) announced.
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
