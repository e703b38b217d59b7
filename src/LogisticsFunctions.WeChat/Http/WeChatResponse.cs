using System.Text.Json;
using System.Text.Unicode;

namespace LogisticsFunctions.WeChat.Http;

/// <summary>
/// A JSON answer from WeChat: its errcode and errmsg and the raw body, kept as bytes so the answer
/// can be converted without a model. <see cref="Parse"/> guarantees the body is one complete JSON
/// object of valid text, so whoever converts it later cannot fail on WeChat's bytes.
/// </summary>
public sealed class WeChatResponse
{
    private WeChatResponse(int errCode, string? errMsg, ReadOnlyMemory<byte> body)
    {
        ErrCode = errCode;
        ErrMsg = errMsg;
        Body = body;
    }

    /// <summary>The top-level errcode; 0 when it is absent, null, false or zero, as the cloud call reads it.</summary>
    public int ErrCode { get; }

    public string? ErrMsg { get; }

    /// <summary>The whole answer as WeChat sent it (a JSON object).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    public bool IsSuccess => ErrCode == WeChatErrorCodes.Ok;

    /// <summary>
    /// Validates that <paramref name="body"/> is one complete JSON object of valid UTF-8 (escapes
    /// included) and reads its top-level errcode/errmsg. Anything else (HTML, empty, cut off, broken
    /// text) is WeChat being unavailable, not an answer.
    /// </summary>
    public static WeChatResponse Parse(ReadOnlyMemory<byte> body)
    {
        var start = body.Span.TrimStart(" \t\r\n"u8);
        if (start.IsEmpty)
        {
            throw Unavailable("WeChat answered with an empty body");
        }

        // An error page from a proxy or gateway (HTML, plain text) is told apart from JSON cut short.
        if (start[0] != (byte)'{')
        {
            throw Unavailable("WeChat answered with something that is not a JSON object");
        }

        if (!Utf8.IsValid(body.Span))
        {
            throw Unavailable("WeChat answered with text that is not valid UTF-8");
        }

        try
        {
            return ReadErrorFields(body);
        }
        catch (JsonException ex)
        {
            throw new WeChatException(WeChatFailure.Unavailable, "WeChat answered with incomplete or invalid JSON", null, ex) { IsTransient = true };
        }
        catch (InvalidOperationException ex)
        {
            // An escape that decodes to no valid text, such as a lone surrogate "\ud800".
            throw new WeChatException(WeChatFailure.Unavailable, "WeChat answered with text that is not valid Unicode", null, ex) { IsTransient = true };
        }
    }

    private static WeChatResponse ReadErrorFields(ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Unavailable("WeChat answered with something that is not a JSON object");
        }

        var errCode = 0;
        string? errMsg = null;
        while (reader.Read())
        {
            if (reader.ValueIsEscaped && reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                // Throws on escapes that make no valid text; unescaped bytes were checked as UTF-8 above.
                _ = reader.GetString();
            }

            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                continue;
            }

            // ValueTextEquals compares the unescaped name: "errc\u006fde" is errcode too.
            if (reader.ValueTextEquals("errcode"u8))
            {
                reader.Read();
                errCode = ReadErrCode(ref reader);
            }
            else if (reader.ValueTextEquals("errmsg"u8))
            {
                reader.Read();
                errMsg = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
        }

        return new WeChatResponse(errCode, errMsg, body);
    }

    // The cloud call treats any false-like errcode (null, false, "", 0, 0.0, -0) as success. Anything else
    // must be a whole number: the SDK would pass a string or a boolean on as the errCode, which no caller can use.
    private static int ReadErrCode(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null or JsonTokenType.False => WeChatErrorCodes.Ok,
        JsonTokenType.String when reader.ValueSpan.IsEmpty => WeChatErrorCodes.Ok,
        JsonTokenType.Number when reader.TryGetInt32(out var code) => code,
        JsonTokenType.Number when reader.TryGetDouble(out var number) && number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue => (int)number,
        _ => throw Unavailable("WeChat answered with an errcode that is not a number"),
    };

    private static WeChatException Unavailable(string message) =>
        new(WeChatFailure.Unavailable, message) { IsTransient = true };
}
