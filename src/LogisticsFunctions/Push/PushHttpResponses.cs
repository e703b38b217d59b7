using System.Globalization;
using System.Text;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Push;

/// <summary>Writes a <see cref="PushAnswer"/>: plain text that no browser sniffs into anything else, never cached.</summary>
internal static class PushHttpResponses
{
    public static async Task<HttpResponseData> WriteAsync(HttpRequestData request, PushAnswer answer, CancellationToken cancellationToken)
    {
        var response = request.CreateResponse(answer.Status);
        response.Headers.Add("Content-Type", "text/plain; charset=utf-8");
        response.Headers.Add("Cache-Control", "no-store");
        // echostr is reflected: keep it text.
        response.Headers.Add("X-Content-Type-Options", "nosniff");
        if (answer.RetryAfter is { } retryAfter)
        {
            response.Headers.Add("Retry-After", ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(answer.Body), cancellationToken);
        return response;
    }
}
