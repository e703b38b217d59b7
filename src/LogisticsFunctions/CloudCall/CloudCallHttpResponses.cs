using System.Globalization;
using System.Net;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.CloudCall;

/// <summary>Writes the cloud call's answers as HTTP responses: always JSON, never cached.</summary>
internal static class CloudCallHttpResponses
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public static async ValueTask<HttpResponseData> SuccessAsync(HttpRequestData request, ReadOnlyMemory<byte> weChatAnswer, string apiName, CancellationToken cancellationToken)
    {
        // The converted answer is only staged here on its way into the response body: a pooled buffer does.
        using var body = new PooledBufferWriter(weChatAnswer.Length + 64);
        CloudCallAnswerWriter.WriteSuccess(weChatAnswer.Span, apiName, body);
        return await WriteAsync(request.CreateResponse(HttpStatusCode.OK), body.WrittenMemory, cancellationToken);
    }

    public static async ValueTask<HttpResponseData> ErrorAsync(HttpRequestData request, CloudCallError error, string apiName, CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter(256 + error.WeChatAnswer.Length);
        CloudCallAnswerWriter.WriteFailure(error.ErrCode, error.ErrMsg(apiName), error.WeChatAnswer.Span, body);
        var response = request.CreateResponse(error.Status);
        if (error.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers.Add("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
        }

        return await WriteAsync(response, body.WrittenMemory, cancellationToken);
    }

    private static async ValueTask<HttpResponseData> WriteAsync(HttpResponseData response, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        response.Headers.Add("Content-Type", JsonContentType);
        response.Headers.Add("Cache-Control", "no-store");
        await response.Body.WriteAsync(body, cancellationToken);
        return response;
    }
}
