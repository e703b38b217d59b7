using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LogisticsFunctions.WeChat.CloudCall;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions;

/// <summary>Writes the cloud call's answers as HTTP responses: always JSON, never cached.</summary>
internal static class CloudCallHttpResponses
{
    private const string JsonContentType = "application/json; charset=utf-8";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<HttpResponseData> SuccessAsync(HttpRequestData request, ReadOnlyMemory<byte> weChatAnswer, string apiName, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(weChatAnswer.Length + 64);
        CloudCallAnswerWriter.WriteSuccess(weChatAnswer.Span, apiName, body);
        return await WriteAsync(request.CreateResponse(System.Net.HttpStatusCode.OK), body.WrittenMemory, cancellationToken);
    }

    public static async Task<HttpResponseData> ErrorAsync(HttpRequestData request, CloudCallError error, string apiName, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("errCode"u8, error.ErrCode);
            writer.WriteString("errMsg"u8, error.ErrMsg(apiName));
            writer.WriteEndObject();
        }

        var response = request.CreateResponse(error.Status);
        if (error.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers.Add("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
        }

        return await WriteAsync(response, body.WrittenMemory, cancellationToken);
    }

    private static async Task<HttpResponseData> WriteAsync(HttpResponseData response, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        response.Headers.Add("Content-Type", JsonContentType);
        response.Headers.Add("Cache-Control", "no-store");
        await response.Body.WriteAsync(body, cancellationToken);
        return response;
    }
}
