using System.Collections.Concurrent;
using System.Net;
using LogisticsFunctions.WeChat.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using Polly.Timeout;

namespace LogisticsFunctions.WeChat.Http;

/// <summary>
/// Sends one call to WeChat and reads its answer. A read runs through the <c>wechat</c> resilience
/// pipeline (jittered retries → per-attempt timeout), where sending, reading and parsing are one
/// attempt, so a reset, an HTML page or a body cut short is retried like an HTTP 5xx or errcode -1.
/// A write is sent exactly once and may take the caller's whole deadline: when its outcome is unknown
/// the exception says so instead of trying again behind the caller's back.
/// </summary>
public sealed class WeChatHttpClient(
    IHttpClientFactory httpClientFactory,
    ResiliencePipelineProvider<string> pipelines,
    TimeProvider timeProvider,
    WeChatMetrics metrics,
    ILogger<WeChatHttpClient> logger)
{
    /// <summary>The name of the resilience pipeline every read runs through.</summary>
    public const string PipelineName = "wechat";

    /// <summary>The named HttpClient (base address, no redirects, no client-side timeout: the pipeline and the caller own time).</summary>
    public const string HttpClientName = "WeChat";

    // WeChat's answers are a few kilobytes (a label's print_html a few dozen); a megabyte means something is wrong upstream.
    private const int MaxAnswerBytes = 1024 * 1024;

    private readonly ResiliencePipeline<WeChatResponse> _pipeline = pipelines.GetPipeline<WeChatResponse>(PipelineName);

    // The last request URI built per path. It depends only on the path and the token, and a token serves
    // for hours: building it once per token, not per call, saves a long string and its parse on every request.
    private readonly ConcurrentDictionary<string, RequestTarget> _lastTargets = new(StringComparer.Ordinal);

    /// <summary>
    /// Calls <paramref name="api"/> with <paramref name="accessToken"/> in the query when given and
    /// <paramref name="jsonBody"/> as the body of a POST. Returns WeChat's answer, whatever its errcode;
    /// throws <see cref="WeChatException"/> when there is no answer to return.
    /// </summary>
    public async Task<WeChatResponse> SendAsync(WeChatApi api, string? accessToken, ReadOnlyMemory<byte> jsonBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var attempt = new Attempt(this, api, RequestUri(api.Path, accessToken), jsonBody);
        try
        {
            return api.IsWrite
                ? await SendOnceAsync(attempt, cancellationToken)
                : await _pipeline.ExecuteAsync(static (attempt, token) => attempt.Client.SendOnceAsync(attempt, token), attempt, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            logger.LogWarning("WeChat did not answer {Api} within the attempt timeout, retries included", api);
            throw new WeChatException(WeChatFailure.Timeout, "WeChat did not answer in time", null, ex);
        }
        catch (OperationCanceledException ex) when (api.IsWrite && cancellationToken.IsCancellationRequested)
        {
            // The write was on its way or waiting for its answer when the caller's deadline ran out.
            logger.LogWarning("WeChat did not answer the write {Api} before the deadline; its outcome is unknown", api);
            throw new WeChatException(WeChatFailure.Timeout, "WeChat did not answer in time", null, ex) { OutcomeUnknown = true };
        }
        catch (HttpRequestException ex)
        {
            var neverSent = NeverLeft(ex);
            logger.LogWarning("WeChat could not be reached for {Api}: {HttpRequestError}", api, ex.HttpRequestError);
            throw new WeChatException(WeChatFailure.Unavailable, $"WeChat could not be reached ({Describe(ex)})", null, ex)
            {
                OutcomeUnknown = api.IsWrite && !neverSent,
            };
        }
        catch (IOException ex)
        {
            logger.LogWarning("The connection to WeChat broke while reading the answer to {Api}", api);
            throw new WeChatException(WeChatFailure.Unavailable, "the connection to WeChat broke before its answer was complete", null, ex)
            {
                OutcomeUnknown = api.IsWrite,
            };
        }
        catch (WeChatException ex) when (ex.Failure == WeChatFailure.Unavailable)
        {
            logger.LogWarning("WeChat gave no usable answer to {Api}: {Reason}", api, ex.Message);
            if (!api.IsWrite || !ex.IsTransient)
            {
                throw;
            }

            // For a write, what a read would retry (a 5xx, a broken answer) means WeChat may have acted before it failed.
            throw new WeChatException(ex.Failure, ex.Message, ex.ErrCode, ex) { OutcomeUnknown = true };
        }
        catch (WeChatException ex) when (ex.Failure == WeChatFailure.Throttled)
        {
            logger.LogWarning("WeChat throttled {Api} (HTTP 429); retry after {RetryAfter}", api, ex.RetryAfter);
            throw;
        }
    }

    // One attempt, timed into wechat.api.duration whatever becomes of it (a retry is an attempt of its own).
    private async ValueTask<WeChatResponse> SendOnceAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var outcome = ApiOutcome.Failure;
        try
        {
            var answer = await SendAttemptAsync(attempt, cancellationToken);
            outcome = answer.IsSuccess ? ApiOutcome.Ok : ApiOutcome.ErrCode;
            return answer;
        }
        finally
        {
            metrics.ApiAttempted(attempt.Api, outcome, timeProvider.GetElapsedTime(started));
        }
    }

    private async ValueTask<WeChatResponse> SendAttemptAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(attempt.Api.Method, attempt.RequestUri);
        if (attempt.Api.Method == HttpMethod.Post)
        {
            request.Content = new ReadOnlyMemoryContent(attempt.Body);
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        }

        // The factory hands out cheap clients over pooled handlers that it rotates, so DNS changes are seen.
        var httpClient = httpClientFactory.CreateClient(HttpClientName);
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new WeChatException(WeChatFailure.Throttled, "WeChat answered HTTP 429 Too Many Requests")
            {
                RetryAfter = RetryAfter(response),
            };
        }

        if (!response.IsSuccessStatusCode)
        {
            // A redirect is refused too (the handler does not follow them): the AppSecret must never go to another host.
            throw new WeChatException(WeChatFailure.Unavailable, $"WeChat answered HTTP {(int)response.StatusCode}")
            {
                IsTransient = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
            };
        }

        var body = await ReadBodyAsync(response.Content, cancellationToken);
        return WeChatResponse.Parse(body);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > timeProvider.GetUtcNow() ? date - timeProvider.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

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

    // No connection was made, so nothing of the request reached WeChat.
    private static bool NeverLeft(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;

    private static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "name resolution failed",
        HttpRequestError.ConnectionError => "connection failed",
        HttpRequestError.SecureConnectionError => "TLS handshake failed",
        HttpRequestError.ResponseEnded => "the connection closed before the answer",
        _ => "transport error",
    };

    // The token travels only in the request URI; HttpClient's logs redact query strings, and the
    // telemetry initializer in the app strips them from dependency telemetry.
    private Uri RequestUri(string path, string? accessToken)
    {
        if (_lastTargets.TryGetValue(path, out var last) && last.AccessToken == accessToken)
        {
            return last.Uri;
        }

        var uri = new Uri(
            accessToken is null ? path : $"{path}?access_token={Uri.EscapeDataString(accessToken)}",
            UriKind.Relative);
        // A Uri is immutable, so concurrent requests may share it; a race here only builds one twice.
        _lastTargets[path] = new RequestTarget(accessToken, uri);
        return uri;
    }

    // A struct: the pipeline passes its state through generically, so no object is made per call.
    private readonly record struct Attempt(WeChatHttpClient Client, WeChatApi Api, Uri RequestUri, ReadOnlyMemory<byte> Body)
    {
        // A record prints its members; this one's URI holds a token.
        public override string ToString() => $"WeChat {Api}";
    }

    private sealed class RequestTarget(string? accessToken, Uri uri)
    {
        public string? AccessToken { get; } = accessToken;

        public Uri Uri { get; } = uri;

        // Like Attempt, never print the token.
        public override string ToString() => "WeChat request target";
    }
}
