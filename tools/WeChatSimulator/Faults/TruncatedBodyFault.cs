namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>
/// The first half of a real-looking answer, with a Content-Length that matches it: the HTTP exchange is sound and only the
/// JSON is broken, which is what a client's parser (not its transport) has to survive.
/// </summary>
internal sealed record TruncatedBodyFault : SimulatorFault
{
    internal override async Task PlayAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider, Func<Task> answer)
    {
        var sample = SampleAnswers.For(endpoint);
        var half = sample.AsMemory(0, sample.Length / 2);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = WeChatJson.ContentType;
        context.Response.ContentLength = half.Length;
        await context.Response.Body.WriteAsync(half, context.RequestAborted);
    }
}
