namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>
/// The first half of a real-looking answer, with a Content-Length that matches it: the HTTP exchange is sound and only the
/// JSON is broken, which is what a client's parser (not its transport) has to survive.
/// </summary>
internal sealed record TruncatedBodyFault : SimulatorFault
{
    internal override async Task<bool> ApplyAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider)
    {
        var answer = SampleAnswers.For(endpoint);
        var half = answer.AsMemory(0, answer.Length / 2);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = WeChatJson.ContentType;
        context.Response.ContentLength = half.Length;
        await context.Response.Body.WriteAsync(half, context.RequestAborted);
        return true;
    }
}
