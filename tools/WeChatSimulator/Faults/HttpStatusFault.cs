using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>An HTTP error from the front end, with nginx's own page so clients must not try to read it as JSON.</summary>
internal sealed record HttpStatusFault(int Status) : SimulatorFault
{
    /// <summary>When set, sent as Retry-After in whole seconds.</summary>
    public TimeSpan? RetryAfter { get; init; }

    internal override async Task PlayAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider, Func<Task> answer)
    {
        var title = $"{Status} {ReasonPhrases.GetReasonPhrase(Status)}".TrimEnd();
        var page = Encoding.UTF8.GetBytes(
            $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
        context.Response.StatusCode = Status;
        if (RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((long)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "text/html";
        context.Response.ContentLength = page.Length;
        await context.Response.Body.WriteAsync(page, context.RequestAborted);
    }
}
