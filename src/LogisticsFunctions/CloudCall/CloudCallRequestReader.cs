using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using LogisticsFunctions.CloudCall.Schema;

namespace LogisticsFunctions.CloudCall;

/// <summary>
/// Checks a cloud call's parameters against its method's declared schema and writes the body WeChat
/// gets (snake_case names, values as given), or says which field is wrong. Nothing goes upstream until
/// this has accepted the body, so every rule that can be checked here is.
/// </summary>
public static class CloudCallRequestReader
{
    /// <summary>The largest body accepted; a real request is a few hundred bytes, an addOrder a few kilobytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    // addOrder nests four levels (body → cargo → detail_list → item); twice that is plenty.
    private const int MaxDepth = 8;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Chinese names and addresses go to WeChat as raw UTF-8, as the cloud call sends them.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>The answer to a body over <see cref="MaxBodyBytes"/>.</summary>
    public static CloudCallError BodyTooLarge { get; } = CloudCallError.InvalidRequest($"request body is larger than {MaxBodyBytes} bytes");

    /// <summary>
    /// Reads <paramref name="body"/> as the parameters of <paramref name="method"/>. Returns WeChat's body
    /// (empty for a GET), or sets <paramref name="error"/> to the answer to give instead.
    /// </summary>
    public static bool TryRead(CloudCallMethod method, ReadOnlySpan<byte> body, out ReadOnlyMemory<byte> weChatBody, out CloudCallError? error)
    {
        ArgumentNullException.ThrowIfNull(method);
        weChatBody = ReadOnlyMemory<byte>.Empty;
        error = null;
        if (body.Length > MaxBodyBytes)
        {
            error = BodyTooLarge;
            return false;
        }

        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            // The GET-backed methods take no parameters: an empty body is the natural way to say so.
            if (method.Request.Properties.Count == 0)
            {
                return true;
            }

            error = CloudCallError.InvalidRequest($"request body is empty: send a JSON object with {Required(method)}");
            return false;
        }

        if (!Utf8.IsValid(body))
        {
            error = CloudCallError.InvalidRequest("request body is not valid UTF-8");
            return false;
        }

        try
        {
            var output = new ArrayBufferWriter<byte>(body.Length + 64);
            var reason = Read(method.Request, body, output);
            if (reason is not null)
            {
                error = CloudCallError.InvalidRequest(reason);
                return false;
            }

            weChatBody = method.Api.Method == HttpMethod.Get ? ReadOnlyMemory<byte>.Empty : output.WrittenMemory;
            return true;
        }
        catch (JsonException)
        {
            // The reader's message quotes the body's position and bytes; the caller gets a plain one.
            error = CloudCallError.InvalidRequest("request body is not valid JSON");
            return false;
        }
        catch (InvalidOperationException)
        {
            // An escape that decodes to no valid text, such as a lone surrogate "\ud800".
            error = CloudCallError.InvalidRequest("request body holds text that is not valid Unicode");
            return false;
        }
    }

    private static string? Read(ObjectSchema schema, ReadOnlySpan<byte> body, ArrayBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        string? reason;
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            reason = !reader.Read() || reader.TokenType != JsonTokenType.StartObject
                ? "request body must be a JSON object"
                : schema.Read(ref reader, writer, "", out _);
        }

        // Reads to the end, so that a body broken further on is reported as invalid JSON rather than as a field error.
        while (reader.Read())
        {
        }

        return reason;
    }

    private static string Required(CloudCallMethod method)
    {
        var required = method.Request.Properties.Where(p => p.Required).Select(p => p.CloudName).ToList();
        return required.Count == 0 ? "its parameters" : StringField.Words(required, "and", quoted: false);
    }
}
