using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using Polly.Timeout;

namespace LogisticsFunctions.WeChat.Http;

/// <summary>
/// Posts JSON to WeChat and reads its answer, through the <c>wechat</c> resilience pipeline (overall
/// deadline → jittered retries → per-attempt timeout). Sending, reading and parsing are one attempt,
/// so a reset, an HTML page or a body cut short is retried like an HTTP 5xx or errcode -1.
/// </summary>
public sealed class WeChatHttpClient(IHttpClientFactory httpClientFactory, ResiliencePipelineProvider<string> pipelines, ILogger<WeChatHttpClient> logger)
{
    /// <summary>The name of the resilience pipeline every WeChat call runs through.</summary>
    public const string PipelineName = "wechat";

    /// <summary>The named HttpClient (base address, no client-side timeout: the pipeline owns time).</summary>
    public const string HttpClientName = "WeChat";

    // WeChat's answers are a few kilobytes; a megabyte means something is wrong upstream.
    private const int MaxAnswerBytes = 1024 * 1024;

    private readonly ResiliencePipeline<WeChatResponse> _pipeline = pipelines.GetPipeline<WeChatResponse>(PipelineName);

    /// <summary>
    /// Posts <paramref name="jsonBody"/> to <paramref name="path"/> (relative to the API base URL),
    /// with <paramref name="accessToken"/> in the query when given. Returns WeChat's answer, whatever
    /// its errcode; throws <see cref="WeChatException"/> when there is no answer to return.
    /// </summary>
    public async Task<WeChatResponse> PostAsync(string path, string? accessToken, ReadOnlyMemory<byte> jsonBody, CancellationToken cancellationToken)
    {
        var request = new Attempt(this, path, accessToken, jsonBody);
        try
        {
            return await _pipeline.ExecuteAsync(static (attempt, token) => attempt.Client.SendOnceAsync(attempt, token), request, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            logger.LogWarning("WeChat did not answer {Path} within the deadline", path);
            throw new WeChatException(WeChatFailure.Timeout, "WeChat did not answer in time", null, ex);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("WeChat could not be reached for {Path}: {HttpRequestError}", path, ex.HttpRequestError);
            throw new WeChatException(WeChatFailure.Unavailable, $"WeChat could not be reached ({Describe(ex)})", null, ex);
        }
        catch (IOException ex)
        {
            logger.LogWarning("The connection to WeChat broke while reading the answer to {Path}", path);
            throw new WeChatException(WeChatFailure.Unavailable, "the connection to WeChat broke before its answer was complete", null, ex);
        }
        catch (WeChatException ex) when (ex.Failure == WeChatFailure.Unavailable)
        {
            logger.LogWarning("WeChat gave no usable answer to {Path}: {Reason}", path, ex.Message);
            throw;
        }
    }

    private async ValueTask<WeChatResponse> SendOnceAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, attempt.RequestUri())
        {
            Content = new ReadOnlyMemoryContent(attempt.Body),
        };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };

        // The factory hands out cheap clients over pooled handlers that it rotates, so DNS changes are seen.
        var httpClient = httpClientFactory.CreateClient(HttpClientName);
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new WeChatException(WeChatFailure.Unavailable, $"WeChat answered HTTP {(int)response.StatusCode}")
            {
                IsTransient = (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
            };
        }

        var body = await ReadBodyAsync(response.Content, cancellationToken);
        return WeChatResponse.Parse(body);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is > MaxAnswerBytes)
        {
            throw new WeChatException(WeChatFailure.Unavailable, "WeChat's answer is larger than expected");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[content.Headers.ContentLength is { } length and > 0 ? (int)length : 4096];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length >= MaxAnswerBytes)
                {
                    throw new WeChatException(WeChatFailure.Unavailable, "WeChat's answer is larger than expected");
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxAnswerBytes));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                return buffer.AsMemory(0, total);
            }

            total += read;
        }
    }

    private static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "name resolution failed",
        HttpRequestError.ConnectionError => "connection failed",
        HttpRequestError.SecureConnectionError => "TLS handshake failed",
        HttpRequestError.ResponseEnded => "the connection closed before the answer",
        _ => "transport error",
    };

    private sealed record Attempt(WeChatHttpClient Client, string Path, string? AccessToken, ReadOnlyMemory<byte> Body)
    {
        // The token travels only in the request URI; HttpClient's own logs redact query strings.
        public Uri RequestUri() => new(
            AccessToken is null ? Path : $"{Path}?access_token={Uri.EscapeDataString(AccessToken)}",
            UriKind.Relative);

        // A record prints its members; this one holds a token.
        public override string ToString() => $"WeChat POST {Path}";
    }
}
