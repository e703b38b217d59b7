using System.Text.Json;

namespace LogisticsFunctions.WeChat.Http;

/// <summary>
/// A JSON answer from WeChat: its errcode and errmsg (errcode 0 when absent, as on success) and the
/// raw body, kept as bytes so the answer can be converted without a model.
/// </summary>
public sealed class WeChatResponse
{
    private WeChatResponse(int errCode, string? errMsg, ReadOnlyMemory<byte> body)
    {
        ErrCode = errCode;
        ErrMsg = errMsg;
        Body = body;
    }

    public int ErrCode { get; }

    public string? ErrMsg { get; }

    /// <summary>The whole answer as WeChat sent it (a JSON object).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    public bool IsSuccess => ErrCode == WeChatErrorCodes.Ok;

    /// <summary>
    /// Validates that <paramref name="body"/> is one complete JSON object and reads its top-level
    /// errcode/errmsg. Anything else (HTML, empty, cut off) is WeChat being unavailable, not an answer.
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

        try
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
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("errcode"u8))
                {
                    reader.Read();
                    errCode = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code)
                        ? code
                        : throw Unavailable("WeChat answered with an errcode that is not a number");
                }
                else if (reader.ValueTextEquals("errmsg"u8))
                {
                    reader.Read();
                    errMsg = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }

            return new WeChatResponse(errCode, errMsg, body);
        }
        catch (JsonException ex)
        {
            throw new WeChatException(WeChatFailure.Unavailable, "WeChat answered with incomplete or invalid JSON", null, ex) { IsTransient = true };
        }
    }

    private static WeChatException Unavailable(string message) =>
        new(WeChatFailure.Unavailable, message) { IsTransient = true };
}
