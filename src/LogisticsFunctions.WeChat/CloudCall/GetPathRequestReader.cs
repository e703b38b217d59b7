using System.Text.Json;
using LogisticsFunctions.WeChat.Express;

namespace LogisticsFunctions.WeChat.CloudCall;

/// <summary>
/// Reads the cloud call's camelCase parameters (<c>orderId</c>, <c>openid</c>, <c>deliveryId</c>,
/// <c>waybillId</c>) into a <see cref="GetPathRequest"/>, or says which field is wrong. Nothing goes
/// upstream until this has accepted the body, so every rule that can be checked here is.
/// </summary>
public static class GetPathRequestReader
{
    /// <summary>The largest body accepted; a real request is a few hundred bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    // Generous bounds on WeChat's documented fields: order_id is at most 512 bytes on the express API.
    internal const int MaxOrderIdLength = 512;
    internal const int MaxOpenidLength = 128;
    internal const int MaxDeliveryIdLength = 64;
    internal const int MaxWaybillIdLength = 128;
    private const int MaxEchoedNameLength = 64;

    /// <summary>The answer to a body over <see cref="MaxBodyBytes"/>.</summary>
    public static CloudCallError BodyTooLarge { get; } = CloudCallError.InvalidRequest($"request body is larger than {MaxBodyBytes} bytes");

    /// <summary>Reads <paramref name="body"/>; returns the request, or the error to answer with.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out GetPathRequest? request, out CloudCallError? error)
    {
        request = null;
        error = null;
        if (body.Length > MaxBodyBytes)
        {
            error = BodyTooLarge;
            return false;
        }

        if (body.IsEmpty)
        {
            error = CloudCallError.InvalidRequest("request body is empty: send a JSON object with orderId, deliveryId and waybillId");
            return false;
        }

        try
        {
            return TryReadObject(body, out request, out error);
        }
        catch (JsonException)
        {
            // The reader's message quotes the body's position and bytes; the caller gets a plain one.
            error = CloudCallError.InvalidRequest("request body is not valid JSON");
            return false;
        }
        catch (InvalidOperationException)
        {
            // The reader checks structure as it goes but UTF-8 only when a string is decoded.
            error = CloudCallError.InvalidRequest("request body is not valid UTF-8");
            return false;
        }
    }

    private static bool TryReadObject(ReadOnlySpan<byte> body, out GetPathRequest? request, out CloudCallError? error)
    {
        request = null;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            // Let the reader reject broken JSON first so the message says what is really wrong.
            ValidateRest(ref reader);
            error = CloudCallError.InvalidRequest("request body must be a JSON object");
            return false;
        }

        string? orderId = null, openid = null, deliveryId = null, waybillId = null;
        bool seenOrderId = false, seenOpenid = false, seenDeliveryId = false, seenWaybillId = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Names are compared as UTF-8 (escapes resolved): only an unknown one is made into a string.
            if (reader.ValueTextEquals("orderId"u8))
            {
                error = ReadField(ref reader, "orderId", MaxOrderIdLength, required: true, ref seenOrderId, out orderId);
            }
            else if (reader.ValueTextEquals("openid"u8))
            {
                error = ReadField(ref reader, "openid", MaxOpenidLength, required: false, ref seenOpenid, out openid);
            }
            else if (reader.ValueTextEquals("deliveryId"u8))
            {
                error = ReadField(ref reader, "deliveryId", MaxDeliveryIdLength, required: true, ref seenDeliveryId, out deliveryId);
            }
            else if (reader.ValueTextEquals("waybillId"u8))
            {
                error = ReadField(ref reader, "waybillId", MaxWaybillIdLength, required: true, ref seenWaybillId, out waybillId);
            }
            else
            {
                error = UnknownField(ref reader, reader.GetString()!);
            }

            if (error is not null)
            {
                ValidateRest(ref reader);
                return false;
            }
        }

        ValidateRest(ref reader);
        error = Missing("orderId", orderId) ?? Missing("deliveryId", deliveryId) ?? Missing("waybillId", waybillId);
        if (error is not null)
        {
            return false;
        }

        request = new GetPathRequest(orderId!, openid, deliveryId!, waybillId!);
        return true;
    }

    private static CloudCallError? ReadField(ref Utf8JsonReader reader, string name, int maxLength, bool required, ref bool seen, out string? value)
    {
        value = null;
        if (seen)
        {
            return CloudCallError.InvalidRequest($"{name} is given more than once");
        }

        seen = true;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null && !required)
        {
            // JavaScript callers send null for "no openid"; the cloud call treats it as absent.
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return CloudCallError.InvalidRequest($"{name} must be a string");
        }

        var text = reader.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return CloudCallError.InvalidRequest($"{name} must not be blank");
        }

        if (text.Length > maxLength)
        {
            return CloudCallError.InvalidRequest($"{name} is longer than {maxLength} characters");
        }

        if (text.AsSpan().ContainsAnyInRange('\u0000', '\u001f') || text.AsSpan().ContainsAnyInRange('\u007f', '\u009f'))
        {
            return CloudCallError.InvalidRequest($"{name} must not contain control characters");
        }

        if (text.Trim().Length != text.Length)
        {
            return CloudCallError.InvalidRequest($"{name} must not start or end with white space");
        }

        value = text;
        return null;
    }

    private static CloudCallError UnknownField(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        reader.Skip();
        // Echo the name only when it is short and printable: it helps with a typo like "orderID"
        // and cannot be used to bounce arbitrary text back through our answer.
        var printable = name.Length is > 0 and <= MaxEchoedNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        return CloudCallError.InvalidRequest(printable
            ? $"unknown field '{name}': expected orderId, openid, deliveryId and waybillId"
            : "unknown field: expected orderId, openid, deliveryId and waybillId");
    }

    private static CloudCallError? Missing(string name, string? value) =>
        value is null ? CloudCallError.InvalidRequest($"{name} is required") : null;

    // Reads to the end so that a body which is broken further on is reported as invalid JSON, not as a field error.
    private static void ValidateRest(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
        }
    }
}
