using System.Net;
using LogisticsFunctions.WeChat.Configuration;
using LogisticsFunctions.WeChat.Push;
using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

/// <summary>
/// Receives WeChat's message pushes: verifies and opens them, turns <c>add_express_path</c> into the
/// normalised JSON and queues it once; acknowledges other events without queueing them. Each refusal is one
/// Warning naming the problem in our words: never the body, the Token, a key or a decrypted value.
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

    /// <summary>The URL-verification GET: <c>echostr</c> when the signature holds.</summary>
    public async Task<PushAnswer> VerifyUrlAsync(PushQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var credentials = await secrets.GetAsync(cancellationToken);
        var problem = PushMessageOpener.VerifyUrl(query, credentials, timeProvider.GetUtcNow(), pushOptions.Value.PushTimestampSkew);
        if (problem?.Kind == PushProblemKind.SignatureMismatch && await secrets.RefreshAsync(credentials, cancellationToken) is { } fresh)
        {
            problem = PushMessageOpener.VerifyUrl(query, fresh, timeProvider.GetUtcNow(), pushOptions.Value.PushTimestampSkew);
        }

        if (problem is not null)
        {
            return Refuse("GET", problem);
        }

        logger.LogInformation("ExpressPathPush answered WeChat's URL verification");
        return new PushAnswer(HttpStatusCode.OK, query.EchoStr!);
    }

    /// <summary>A POST: <c>success</c> once the event is queued (or found queued), a 4xx for a bad push, a 5xx to have WeChat try again.</summary>
    public async Task<PushAnswer> ReceiveAsync(PushQuery query, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var credentials = await secrets.GetAsync(cancellationToken);
        var message = Open(query, body, credentials, out var problem);
        if (message is null && problem!.Kind is PushProblemKind.SignatureMismatch or PushProblemKind.EncryptionInvalid
            && await secrets.RefreshAsync(credentials, cancellationToken) is { } fresh)
        {
            // The Token or key may have been rotated in the vault since we read it.
            message = Open(query, body, fresh, out problem);
        }

        if (message is null)
        {
            return Refuse("POST", problem!);
        }

        if (!message.IsExpressPath)
        {
            logger.LogInformation(
                "ExpressPathPush acknowledged a push of MsgType {MsgType}, Event {Event} without queueing it: only add_express_path is delivered",
                PushDocumentReader.LoggableName(message.MsgType ?? ""),
                PushDocumentReader.LoggableName(message.Event ?? ""));
            return PushAnswer.Success;
        }

        var update = ExpressPathEventReader.Read(message.Message, out problem);
        if (update is null)
        {
            return Refuse("POST", problem!);
        }

        var json = ExpressPathEventJson.ToUtf8(update);
        if (json.Length > MaxMessageBytes)
        {
            return Refuse(HttpStatusCode.RequestEntityTooLarge, "POST", $"the event's JSON is larger than {MaxMessageBytes} bytes, more than a queue message holds");
        }

        return await sender.EnqueueOnceAsync(update, BinaryData.FromBytes(json), cancellationToken) switch
        {
            EnqueueOutcome.Queued or EnqueueOutcome.AlreadyQueued => PushAnswer.Success,
            _ => PushAnswer.TryAgain,
        };
    }

    /// <summary>A body over <see cref="MaxBodyBytes"/>, refused unread.</summary>
    public PushAnswer BodyTooLarge() =>
        Refuse(HttpStatusCode.RequestEntityTooLarge, "POST", $"the body is larger than {MaxBodyBytes} bytes");

    /// <summary>The Token or key could not be read: 503 when waiting may help, 500 when an operator must act.</summary>
    public PushAnswer SecretsUnavailable(SecretUnavailableException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        logger.LogWarning("ExpressPathPush cannot check pushes: {Reason}", failure.Message);
        return failure.IsTransient
            ? PushAnswer.TryAgain
            : new PushAnswer(HttpStatusCode.InternalServerError, "the receiver is misconfigured");
    }

    private PushMessage? Open(PushQuery query, ReadOnlyMemory<byte> body, PushCredentials credentials, out PushProblem? problem) =>
        PushMessageOpener.Open(
            query, body.Span, credentials, weChatOptions.Value.AppId, timeProvider.GetUtcNow(), pushOptions.Value.PushTimestampSkew, out problem);

    private PushAnswer Refuse(string method, PushProblem problem) => Refuse(StatusFor(problem.Kind), method, problem.Description);

    private PushAnswer Refuse(HttpStatusCode status, string method, string description)
    {
        logger.LogWarning("ExpressPathPush refused a {Method} with {Status}: {Problem}", method, (int)status, description);
        return new PushAnswer(status, description);
    }

    private static HttpStatusCode StatusFor(PushProblemKind kind) => kind switch
    {
        PushProblemKind.SignatureMissing => HttpStatusCode.Unauthorized,
        PushProblemKind.SignatureMismatch or PushProblemKind.TimestampRejected or PushProblemKind.AppIdMismatch => HttpStatusCode.Forbidden,
        _ => HttpStatusCode.BadRequest,
    };
}
