using System.Buffers;
using System.Net;
using System.Text.Json;
using LogisticsFunctions.WeChat.Api;
using LogisticsFunctions.WeChat.Http;
using LogisticsFunctions.WeChat.Secrets;

namespace LogisticsFunctions.CloudCall;

/// <summary>
/// How a write whose outcome is unknown finds it out with a read, where WeChat keeps what the write made under
/// an id the caller chose: addOrder's order under its order_id, read with order/get. Declared with the write
/// (<see cref="CloudCallMethod.OutcomeLookup"/>). The read is retried as reads are, within what is left of the
/// request's deadline; the write itself is never sent again.
/// </summary>
/// <param name="readName">The read's cloud name, for messages (e.g. <c>getOrder</c>).</param>
/// <param name="read">The read's WeChat API.</param>
/// <param name="keys">The members of the write's body the read takes (wire names), copied as the caller gave them.</param>
/// <param name="answer">The members of the read's answer that make up the write's answer.</param>
/// <param name="mismatch">Why the read's answer is not what the write would have left (addOrder: the order is cancelled), or null.</param>
public sealed class OutcomeLookup(string readName, WeChatApi read, IReadOnlyList<string> keys, IReadOnlyList<string> answer, Func<JsonElement, string?> mismatch)
{
    /// <summary>The member a recovered answer carries, <c>true</c>: the write's own answer was lost and this one was read back.</summary>
    public const string RecoveredMember = "recovered";

    public string ReadName { get; } = readName;

    public WeChatApi Read { get; } = read;

    /// <summary>
    /// Asks the read for what <paramref name="writeBody"/> (the write's WeChat body) would have made. WeChat's and the
    /// vault's failures and the deadline are findings, not exceptions: the caller then hears the outcome is unknown.
    /// </summary>
    public async Task<OutcomeFinding> FindAsync(WeChatApiClient weChat, ReadOnlyMemory<byte> writeBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(weChat);
        if (cancellationToken.IsCancellationRequested)
        {
            return new(null, $"no time was left to ask {ReadName}");
        }

        try
        {
            var response = await weChat.CallAsync(Read, ReadBody(writeBody), cancellationToken);
            if (!response.IsSuccess)
            {
                var status = CloudCallErrors.FromWeChat(response.ErrCode, response.ErrMsg, DateTimeOffset.UnixEpoch).Status;
                return new(null, status == HttpStatusCode.NotFound
                    ? $"{ReadName} does not find it"
                    : $"{ReadName} could not tell (errcode {response.ErrCode})");
            }

            using var found = JsonDocument.Parse(response.Body);
            return mismatch(found.RootElement) is { } why
                ? new(null, $"{ReadName} finds it, but {why}")
                : new(WriteAnswer(found.RootElement), $"{ReadName} finds it");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new(null, $"{ReadName} did not answer within the request's deadline");
        }
        catch (Exception ex) when (ex is WeChatException or SecretUnavailableException)
        {
            // Their messages are written for callers: no secret, token or body.
            return new(null, $"{ReadName} could not tell ({ex.Message})");
        }
    }

    // The read's body: the write's members it takes, as given (an openid left out stays out).
    private byte[] ReadBody(ReadOnlyMemory<byte> writeBody)
    {
        using var write = JsonDocument.Parse(writeBody);
        return Object(writer =>
        {
            foreach (var key in keys)
            {
                if (write.RootElement.TryGetProperty(key, out var value))
                {
                    writer.WritePropertyName(key);
                    value.WriteTo(writer);
                }
            }
        });
    }

    // The write's answer in WeChat's own form, so it goes out through the same conversion as any answer.
    private byte[] WriteAnswer(JsonElement found) => Object(writer =>
    {
        foreach (var member in answer)
        {
            if (found.TryGetProperty(member, out var value))
            {
                writer.WritePropertyName(member);
                value.WriteTo(writer);
            }
        }

        writer.WriteBoolean(RecoveredMember, true);
    });

    private static byte[] Object(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, CloudCallAnswerWriter.WriterOptions))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>What an <see cref="OutcomeLookup"/> found: the write's answer read back, or null, and in words what happened.</summary>
public sealed record OutcomeFinding(byte[]? Answer, string Finding);
