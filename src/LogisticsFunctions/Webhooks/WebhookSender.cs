using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Webhooks;

/// <summary>
/// POSTs one signed delivery to the backend with the named <see cref="HttpClientName"/> client: redirects not
/// followed (a 3xx is a failure), one deadline of <c>Webhook__Timeout</c> for the whole exchange, at most
/// <see cref="MaxAnswerBytes"/> of the answer read (and then dropped: it is never logged or kept).
/// </summary>
public sealed class WebhookSender(IHttpClientFactory httpClientFactory, IOptions<WebhookOptions> options, TimeProvider timeProvider)
{
    public const string HttpClientName = "Webhook";

    /// <summary>How much of an answer is read; the rest is left unread and the connection closed.</summary>
    public const int MaxAnswerBytes = 4096;

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public async Task<WebhookAttempt> SendAsync(Uri endpoint, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(delivery);
        var timeout = options.Value.Timeout;
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ByteArrayContent(delivery.Body) { Headers = { ContentType = Json } },
        };
        request.Headers.Add("webhook-id", delivery.WebhookId);
        request.Headers.Add("webhook-timestamp", delivery.Timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", delivery.Signature);
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            await DrainAsync(response.Content, linked.Token);
            return Classify(response);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new WebhookAttempt(WebhookOutcome.Failed, string.Create(CultureInfo.InvariantCulture, $"timeout after {timeout.TotalSeconds:0.###} s"))
            {
                StatusClass = "timeout",
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(WebhookOutcome.Failed, "cancelled by the host") { StatusClass = "cancelled" };
        }
        catch (HttpRequestException ex)
        {
            // The error kind, not the message: it would name the host and port, and nothing more is needed.
            return new WebhookAttempt(WebhookOutcome.Failed, $"network error: {ex.HttpRequestError}");
        }
    }

    private WebhookAttempt Classify(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        var status = string.Create(CultureInfo.InvariantCulture, $"HTTP {code}");
        return code switch
        {
            >= 200 and < 300 => new WebhookAttempt(WebhookOutcome.Delivered, status, code),
            (int)HttpStatusCode.Gone => new WebhookAttempt(WebhookOutcome.Gone, status, code),
            _ => new WebhookAttempt(WebhookOutcome.Failed, status, code, RetryAfter(response.Headers.RetryAfter)),
        };
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? retryAfter) => retryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > timeProvider.GetUtcNow() ? date - timeProvider.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    // Reads a small answer to its end so the connection can be reused, and never more than MaxAnswerBytes.
    private static async Task DrainAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1024];
        var total = 0;
        int read;
        while (total < MaxAnswerBytes && (read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, MaxAnswerBytes - total)), cancellationToken)) > 0)
        {
            total += read;
        }
    }
}
