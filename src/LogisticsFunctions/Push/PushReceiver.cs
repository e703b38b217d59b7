using System.Net;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.Telemetry;
using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Push;
using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

/// <summary>
/// Receives WeChat's message pushes: authenticates them before reading the body, opens them as
/// <c>WeChat__PushMode</c> allows, turns <c>add_express_path</c> into the normalised JSON and queues it;
/// acknowledges other events without queueing them. Each refusal is one Warning naming the problem in our
/// words: never the body, the Token, a key or a decrypted value.
/// </summary>
public sealed class PushReceiver(
    IPushSecrets secrets,
    ExpressPathEventSender sender,
    IOptions<PushOptions> pushOptions,
    IOptions<WeChatOptions> weChatOptions,
    TimeProvider timeProvider,
    ILogger<PushReceiver> logger)
{
    /// <summary>The largest push body read; WeChat's pushes are a few kilobytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The largest event JSON queued: its Base64 must fit a queue message's 64 KB.</summary>
    public const int MaxMessageBytes = 48 * 1024;

    /// <summary>
    /// Every request is answered within this, secrets, storage and the wait for another delivery included:
    /// WeChat drops the connection after 5 s and tries again, so an answer later than that is never seen.
    /// The second left over is for the host and the network.
    /// </summary>
    public static readonly TimeSpan AnswerDeadline = TimeSpan.FromSeconds(4);

    /// <summary>The URL-verification GET: <c>echostr</c> when the signature holds.</summary>
    public async Task<PushAnswer> VerifyUrlAsync(PushQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (signed, problem) = await AuthenticateAsync(query, "GET", cancellationToken);
        if (signed is null)
        {
            return Refuse("GET", problem!);
        }

        if (string.IsNullOrEmpty(query.EchoStr))
        {
            return Refuse("GET", new PushProblem(PushProblemKind.FieldInvalid, "echostr is missing"));
        }

        logger.LogInformation("ExpressPathPush answered WeChat's URL verification");
        return new PushAnswer(HttpStatusCode.OK, query.EchoStr) { Outcome = PushOutcome.UrlVerified };
    }

    /// <summary>
    /// A POST: <c>success</c> once the event is queued (or found queued), a 4xx for a bad push, a 5xx to have
    /// WeChat try again. <paramref name="body"/> is read only once the signature holds;
    /// <paramref name="cancellationToken"/> is the request's deadline, <paramref name="answerBy"/> when it falls.
    /// </summary>
    public async Task<PushAnswer> ReceiveAsync(PushQuery query, Stream body, DateTimeOffset answerBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(body);
        var (signed, problem) = await AuthenticateAsync(query, "POST", cancellationToken);
        if (signed is null)
        {
            return Refuse("POST", problem!);
        }

        if (await RequestBody.ReadAsync(body, MaxBodyBytes, cancellationToken) is not { } bytes)
        {
            return Refuse(HttpStatusCode.RequestEntityTooLarge, "POST", $"the body is larger than {MaxBodyBytes} bytes", PushOutcome.TooLarge);
        }

        var (credentials, token) = signed.Value;
        var message = Open(query, bytes, credentials, token, out problem);
        if (message is null && problem!.Kind == PushProblemKind.EncryptionInvalid
            && await secrets.RefreshKeysAsync(credentials, cancellationToken) is { } fresh
            && PushMessageOpener.Authenticate(query, fresh, timeProvider.GetUtcNow(), pushOptions.Value.PushTimestampSkew, out _) is { } freshToken)
        {
            // The key may have been rotated in the vault since we read it.
            message = Open(query, bytes, fresh, freshToken, out problem);
        }

        if (message is null)
        {
            return Refuse("POST", problem!);
        }

        if (message.Key == PushSecretUse.Previous)
        {
            logger.LogInformation("ExpressPathPush opened a push with the previous EncodingAESKey: WeChat has not switched to the new one yet");
        }

        if (!message.IsExpressPath)
        {
            logger.LogInformation(
                "ExpressPathPush acknowledged a push of MsgType {MsgType}, Event {Event} without queueing it: only add_express_path is delivered",
                PushDocumentReader.LoggableName(message.MsgType ?? ""),
                PushDocumentReader.LoggableName(message.Event ?? ""));
            return PushAnswer.Success(PushOutcome.OtherEvent);
        }

        var update = ExpressPathEventReader.Read(message.Message, out problem);
        if (update is null)
        {
            return Refuse("POST", problem!);
        }

        var json = ExpressPathEventJson.ToUtf8(update);
        if (json.Length > MaxMessageBytes)
        {
            return Refuse(
                HttpStatusCode.RequestEntityTooLarge, "POST", $"the event's JSON is larger than {MaxMessageBytes} bytes, more than a queue message holds", PushOutcome.TooLarge);
        }

        return await sender.EnqueueOnceAsync(update, BinaryData.FromBytes(json), answerBy, cancellationToken) switch
        {
            EnqueueOutcome.Queued => PushAnswer.Success(PushOutcome.Queued),
            EnqueueOutcome.AlreadyQueued => PushAnswer.Success(PushOutcome.Duplicate),
            EnqueueOutcome.InProgressElsewhere => PushAnswer.TryAgain(PushOutcome.InProgress),
            _ => PushAnswer.TryAgain(PushOutcome.Storage),
        };
    }

    /// <summary>The Token or key could not be read: 503 when waiting may help, 500 when an operator must act.</summary>
    public PushAnswer SecretsUnavailable(SecretUnavailableException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        logger.LogWarning("ExpressPathPush cannot check pushes: {Reason}", failure.Message);
        return failure.IsTransient ? PushAnswer.TryAgain(PushOutcome.Secrets) : PushAnswer.Misconfigured(PushOutcome.Secrets);
    }

    /// <summary>The app was deployed without push settings: 500 naming them.</summary>
    public PushAnswer NotConfigured(PushNotConfiguredException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        logger.LogWarning("ExpressPathPush received a request, but {Reason}", failure.Message);
        return new PushAnswer(HttpStatusCode.InternalServerError, failure.Message) { Outcome = PushOutcome.Misconfigured, Reason = PushOutcome.NotConfigured };
    }

    // The signature before anything else, the body included. A signature that matches no Token in hand may
    // be signed with a Token rotated in the vault since: read it again (paced) and check once more.
    private async Task<(Signed? Signed, PushProblem? Problem)> AuthenticateAsync(PushQuery query, string method, CancellationToken cancellationToken)
    {
        var skew = pushOptions.Value.PushTimestampSkew;
        var credentials = await secrets.GetAsync(cancellationToken);
        var token = PushMessageOpener.Authenticate(query, credentials, timeProvider.GetUtcNow(), skew, out var problem);
        if (token is null && problem!.Kind == PushProblemKind.SignatureMismatch
            && await secrets.RefreshTokenAsync(credentials, cancellationToken) is { } fresh)
        {
            credentials = fresh;
            token = PushMessageOpener.Authenticate(query, fresh, timeProvider.GetUtcNow(), skew, out problem);
        }

        if (token is not { } use)
        {
            return (null, problem);
        }

        if (use == PushSecretUse.Previous)
        {
            logger.LogInformation("ExpressPathPush accepted a {Method} signed with the previous Token: WeChat has not switched to the new one yet", method);
        }

        return (new Signed(credentials, use), null);
    }

    private PushMessage? Open(PushQuery query, ReadOnlyMemory<byte> body, PushCredentials credentials, PushSecretUse token, out PushProblem? problem) =>
        PushMessageOpener.Open(
            query, body.Span, credentials, token, pushOptions.Value.Mode, weChatOptions.Value.AppId, timeProvider.GetUtcNow(), out problem);

    private PushAnswer Refuse(string method, PushProblem problem) =>
        Refuse(StatusFor(problem.Kind), method, problem.Description, PushOutcome.ReasonFor(problem.Kind));

    private PushAnswer Refuse(HttpStatusCode status, string method, string description, string reason)
    {
        logger.LogWarning("ExpressPathPush refused a {Method} with {Status}: {Problem}", method, (int)status, description);
        // A 500 (no EncodingAESKey for an encrypted push) is ours to mend, not a bad push.
        var outcome = status == HttpStatusCode.InternalServerError ? PushOutcome.Misconfigured : PushOutcome.Refused;
        return new PushAnswer(status, description) { Outcome = outcome, Reason = reason };
    }

    private static HttpStatusCode StatusFor(PushProblemKind kind) => kind switch
    {
        PushProblemKind.SignatureMissing => HttpStatusCode.Unauthorized,
        PushProblemKind.SignatureMismatch or PushProblemKind.TimestampRejected or PushProblemKind.AppIdMismatch
            or PushProblemKind.BodyNotAuthenticated => HttpStatusCode.Forbidden,
        PushProblemKind.KeyMissing => HttpStatusCode.InternalServerError,
        _ => HttpStatusCode.BadRequest,
    };

    // The credentials that verified a request and which of their Tokens signed it.
    private readonly record struct Signed(PushCredentials Credentials, PushSecretUse Token);
}
