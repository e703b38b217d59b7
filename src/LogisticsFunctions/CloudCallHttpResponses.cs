using System.Buffers;
using System.Globalization;
using System.Net;
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

    public static async ValueTask<HttpResponseData> SuccessAsync(HttpRequestData request, ReadOnlyMemory<byte> weChatAnswer, string apiName, CancellationToken cancellationToken)
    {
        // The converted answer is only staged here on its way into the response body: a pooled buffer does.
        using var body = new PooledBufferWriter(weChatAnswer.Length + 64);
        CloudCallAnswerWriter.WriteSuccess(weChatAnswer.Span, apiName, body);
        return await WriteAsync(request.CreateResponse(HttpStatusCode.OK), body.WrittenMemory, cancellationToken);
    }

    public static async ValueTask<HttpResponseData> ErrorAsync(HttpRequestData request, CloudCallError error, string apiName, CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter(256);
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

    private static async ValueTask<HttpResponseData> WriteAsync(HttpResponseData response, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        response.Headers.Add("Content-Type", JsonContentType);
        response.Headers.Add("Cache-Control", "no-store");
        await response.Body.WriteAsync(body, cancellationToken);
        return response;
    }

    /// <summary>
    /// An <see cref="IBufferWriter{T}"/> over arrays rented from the shared pool, for a body that is
    /// copied into the response and then no longer needed. Dispose returns the array; the written
    /// memory must not be used after that.
    /// </summary>
    private sealed class PooledBufferWriter(int initialCapacity) : IBufferWriter<byte>, IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        private int _written;

        public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

        public void Advance(int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _written);
            _written += count;
        }

        // Reserve first: it may swap _buffer for a larger array, which must be the one sliced.
        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            var free = Reserve(sizeHint);
            return _buffer.AsMemory(_written, free);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            var free = Reserve(sizeHint);
            return _buffer.AsSpan(_written, free);
        }

        public void Dispose()
        {
            var buffer = _buffer;
            _buffer = [];
            _written = 0;
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        // Makes room for at least sizeHint bytes (at least one when 0) and returns the free length.
        private int Reserve(int sizeHint)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
            var needed = Math.Max(sizeHint, 1);
            if (_buffer.Length - _written < needed)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
                _buffer.AsSpan(0, _written).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            return _buffer.Length - _written;
        }
    }
}
