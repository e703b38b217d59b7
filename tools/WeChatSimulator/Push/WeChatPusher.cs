using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>
/// Pushes messages to a receiver the way WeChat does: signed (and in the compatible and safe modes encrypted) with the
/// configured Token and EncodingAESKey, POSTed, and tried again (up to <see cref="PushOptions.Attempts"/> tries in all,
/// <see cref="PushOptions.RetryDelay"/> apart, or on <see cref="PushOptions.RetryAt"/>'s schedule) until the receiver
/// answers HTTP 200 with <c>success</c> or an empty body
/// within <see cref="PushOptions.AttemptTimeout"/>. Also plays the URL-verification GET. Thread-safe.
/// </summary>
public sealed class WeChatPusher : IDisposable
{
    private readonly PushOptions options;
    private readonly TimeProvider timeProvider;
    private readonly PushCryptor cryptor;
    private readonly HttpClient client;

    /// <param name="options">The push settings; validated here.</param>
    /// <param name="timeProvider">The clock for timestamps, each try's deadline and the pause between tries; the system's when null.</param>
    /// <param name="handler">The HTTP handler to send with (a test's own, say); a fresh one when null, disposed with the pusher.</param>
    public WeChatPusher(PushOptions options, TimeProvider? timeProvider = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        cryptor = new PushCryptor(options.EncodingAesKey, options.AppId);

        // Each try has its own deadline on the push's clock, so the client's own timeout must never fire first.
        client = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public PushOptions Options => options;

    /// <summary>Pushes an <c>add_express_path</c> event.</summary>
    public Task<PushDelivery> PushAsync(ExpressPathEvent pathEvent, PushTampering? tampering = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pathEvent);
        return PushAsync(pathEvent.ToMessage(), tampering, cancellationToken);
    }

    /// <summary>
    /// Pushes any message given as its members (WeChat's names, in order): written in the configured format, encrypted
    /// and enveloped per the mode. <c>FromUserName</c>, when a string, is the query's <c>openid</c>.
    /// </summary>
    public Task<PushDelivery> PushAsync(JsonObject message, PushTampering? tampering = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        tampering ??= PushTampering.None;
        var plain = PushMessageWriter.Write(message, options.Format);
        var encrypt = options.Mode == PushMode.Plain
            ? null
            : cryptor.Encrypt(plain, RandomNumberGenerator.GetBytes(16), tampering.AppId, tampering.Padding);
        var toUserName = message["ToUserName"] is JsonValue to && to.TryGetValue<string>(out var t) ? t : options.ToUserName;
        var openid = message["FromUserName"] is JsonValue from && from.TryGetValue<string>(out var f) ? f : string.Empty;
        var body = PushMessageWriter.WriteBody(message, options.Format, options.Mode, encrypt, toUserName);
        return PushRawAsync(body, encrypt, openid, tampering, cancellationToken);
    }

    /// <summary>
    /// Posts <paramref name="body"/> exactly as given, with the query WeChat would send: <c>msg_signature</c> (in the
    /// encrypted modes) signs <paramref name="encrypt"/>, or an empty string when it is null. For malformed bodies.
    /// </summary>
    public async Task<PushDelivery> PushRawAsync(
        string body, string? encrypt, string openid, PushTampering? tampering = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(openid);
        tampering ??= PushTampering.None;
        var (timestamp, nonce, signature) = Sign(tampering);
        var query = new StringBuilder()
            .Append("signature=").Append(signature)
            .Append("&timestamp=").Append(timestamp)
            .Append("&nonce=").Append(nonce)
            .Append("&openid=").Append(Uri.EscapeDataString(openid));
        if (options.Mode != PushMode.Plain)
        {
            var msgSignature = PushSignature.Compute(options.Token, timestamp, nonce, encrypt ?? string.Empty);
            query.Append("&encrypt_type=aes&msg_signature=").Append(tampering.WrongMsgSignature ? Spoil(msgSignature) : msgSignature);
        }

        var url = WithQuery(query.ToString());
        var contentType = options.Format == PushFormat.Xml ? "text/xml" : "application/json";
        var attempts = new List<PushAttempt>();
        // On a schedule, every retry's moment is fixed as the first try starts, whatever the tries before it do.
        using var unscheduled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scheduled = options.RetryAt?.Select(offset => Task.Delay(offset, timeProvider, unscheduled.Token)).ToList();
        for (var attempt = 1; attempt <= options.Tries; attempt++)
        {
            if (attempt > 1)
            {
                await (scheduled?[attempt - 2] ?? Task.Delay(options.RetryDelay, timeProvider, cancellationToken));
            }

            var result = await TryOnceAsync(HttpMethod.Post, url, body, contentType, cancellationToken);
            attempts.Add(result);
            if (result.Accepted)
            {
                break;
            }
        }

        // Retries no longer needed drop their timers.
        await unscheduled.CancelAsync();

        return new PushDelivery(url, contentType, body, attempts);
    }

    /// <summary>
    /// The GET WeChat sends when the push URL is saved: <c>signature</c>, <c>timestamp</c>, <c>nonce</c>, <c>echostr</c>.
    /// The receiver passes when it answers 200 with <paramref name="echostr"/> unchanged. Tried once.
    /// </summary>
    public Task<PushAttempt> VerifyUrlAsync(string echostr, PushTampering? tampering = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(echostr);
        var (timestamp, nonce, signature) = Sign(tampering ?? PushTampering.None);
        var url = WithQuery($"signature={signature}&timestamp={timestamp}&nonce={nonce}&echostr={Uri.EscapeDataString(echostr)}");
        return TryOnceAsync(HttpMethod.Get, url, body: null, contentType: null, cancellationToken);
    }

    public void Dispose() => client.Dispose();

    private (string Timestamp, string Nonce, string Signature) Sign(PushTampering tampering)
    {
        var timestamp = (timeProvider.GetUtcNow() + tampering.TimestampOffset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        // WeChat's nonces are decimal numbers of about ten digits.
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var signature = PushSignature.Compute(options.Token, timestamp, nonce);
        return (timestamp, nonce, tampering.WrongSignature ? Spoil(signature) : signature);
    }

    private async Task<PushAttempt> TryOnceAsync(HttpMethod method, Uri url, string? body, string? contentType, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(options.AttemptTimeout, timeProvider);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType!);
        }

        try
        {
            using var response = await client.SendAsync(request, giveUp.Token);
            var answer = await response.Content.ReadAsStringAsync(giveUp.Token);
            return new PushAttempt((int)response.StatusCode, answer, Elapsed(started), Failure: null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new PushAttempt(null, null, Elapsed(started), $"no answer within {options.AttemptTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception)
        {
            return new PushAttempt(null, null, Elapsed(started), exception.HttpRequestError.ToString());
        }
    }

    // WeChat's parameters follow whatever query the configured URL already has.
    private Uri WithQuery(string query)
    {
        var existing = options.TargetUrl.Query.TrimStart('?');
        return new UriBuilder(options.TargetUrl) { Query = existing.Length == 0 ? query : $"{existing}&{query}" }.Uri;
    }

    private TimeSpan Elapsed(long started) => timeProvider.GetElapsedTime(started);

    // One changed hex digit: the shape of a signature, not its value.
    private static string Spoil(string signature) => (signature[0] == '0' ? '1' : '0') + signature[1..];
}
