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

    // The last request URI built. It depends only on the path and the token, and a token serves for
    // hours: building it once per token, not per call, saves a long string and its parse on every request.
    private RequestTarget? _lastTarget;

    /// <summary>
    /// Posts <paramref name="jsonBody"/> to <paramref name="path"/> (relative to the API base URL),
    /// with <paramref name="accessToken"/> in the query when given. Returns WeChat's answer, whatever
    /// its errcode; throws <see cref="WeChatException"/> when there is no answer to return.
    /// </summary>
    public async Task<WeChatResponse> PostAsync(string path, string? accessToken, ReadOnlyMemory<byte> jsonBody, CancellationToken cancellationToken)
    {
        var request = new Attempt(this, path, RequestUri(path, accessToken), jsonBody);
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
        using var request = new HttpRequestMessage(HttpMethod.Post, attempt.RequestUri)
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

    private static async ValueTask<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is > MaxAnswerBytes)
        {
            throw new WeChatException(WeChatFailure.Unavailable, "WeChat's answer is larger than expected");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        // A known length gets one byte more than it needs: the read that finds the end then has room,
        // instead of doubling a full buffer only to learn there is nothing more.
        var buffer = new byte[content.Headers.ContentLength is { } length and > 0 ? (int)length + 1 : 4096];
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

    // The token travels only in the request URI; HttpClient's own logs redact query strings.
    private Uri RequestUri(string path, string? accessToken)
    {
        var last = Volatile.Read(ref _lastTarget);
        if (last is not null && last.Path == path && last.AccessToken == accessToken)
        {
            return last.Uri;
        }

        var uri = new Uri(
            accessToken is null ? path : $"{path}?access_token={Uri.EscapeDataString(accessToken)}",
            UriKind.Relative);
        // A Uri is immutable, so concurrent requests may share it; a race here only builds one twice.
        Volatile.Write(ref _lastTarget, new RequestTarget(path, accessToken, uri));
        return uri;
    }

    // A struct: the pipeline passes its state through generically, so no object is made per call.
    private readonly record struct Attempt(WeChatHttpClient Client, string Path, Uri RequestUri, ReadOnlyMemory<byte> Body)
    {
        // A record prints its members; this one's URI holds a token.
        public override string ToString() => $"WeChat POST {Path}";
    }

    private sealed class RequestTarget(string path, string? accessToken, Uri uri)
    {
        public string Path { get; } = path;

        public string? AccessToken { get; } = accessToken;

        public Uri Uri { get; } = uri;

        // Like Attempt, never print the token.
        public override string ToString() => $"WeChat POST {Path}";
    }
}
