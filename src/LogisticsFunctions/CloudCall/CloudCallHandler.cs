using System.Net;
using LogisticsFunctions.Telemetry;
using LogisticsFunctions.WeChat;
using LogisticsFunctions.WeChat.Api;
using LogisticsFunctions.WeChat.Http;
using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.CloudCall;

/// <summary>
/// What every cloud-call function does, in one place: read the body (capped), check it against the
/// method's schema, call WeChat within one deadline for the whole request, and answer as the cloud call
/// does, or with a JSON error whose status says what to do. A success writes no log line: the host's
/// request record already says it succeeded; failures are logged with their reason, never the body.
/// Every answer is counted once in <c>logistics.cloud_calls</c>, where its outcome is decided.
/// </summary>
public sealed class CloudCallHandler(
    WeChatApiClient weChat,
    IOptions<CloudCallOptions> options,
    TimeProvider timeProvider,
    LogisticsMetrics metrics,
    ILogger<CloudCallHandler> logger)
{
    private readonly TimeSpan _requestTimeout = options.Value.RequestTimeout;

    public async Task<HttpResponseData> HandleAsync(CloudCallMethod method, HttpRequestData request, CancellationToken hostCancellation)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);

        // One budget for everything this request waits on: the vault, the token, WeChat, the retry. The
        // host's cancellation cancels it too (a registration, not a second linked source, on the hot path).
        using var deadline = new CancellationTokenSource(_requestTimeout, timeProvider);
        using var hostGaveUp = hostCancellation.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), deadline);
        var cancellationToken = deadline.Token;
        var weChatBody = ReadOnlyMemory<byte>.Empty;
        try
        {
            var body = await RequestBody.ReadAsync(request.Body, CloudCallRequestReader.MaxBodyBytes, cancellationToken);
            if (body is null)
            {
                return await FailAsync(method, request, CloudCallRequestReader.BodyTooLarge, CloudCallOutcome.RefusedInput, null, cancellationToken);
            }

            if (!CloudCallRequestReader.TryRead(method, body.Value.Span, out weChatBody, out var invalid))
            {
                return await FailAsync(method, request, invalid!, CloudCallOutcome.RefusedInput, null, cancellationToken);
            }

            var answer = await weChat.CallAsync(method.Api, weChatBody, cancellationToken);
            if (!answer.IsSuccess)
            {
                var error = CloudCallErrors.FromWeChat(answer.ErrCode, answer.ErrMsg, timeProvider.GetUtcNow()) with { WeChatAnswer = answer.Body };
                // A write met by "busy" may have been carried out before WeChat said so.
                return method.Api.IsWrite && answer.ErrCode == WeChatErrorCodes.SystemBusy
                    ? await OutcomeUnknownAsync(method, request, weChatBody, error, answer.ErrCode, cancellationToken)
                    : await FailAsync(method, request, error, CloudCallOutcome.WeChatErrCode, answer.ErrCode, cancellationToken);
            }

            metrics.CloudCallAnswered(method, CloudCallOutcome.Ok);
            return await CloudCallHttpResponses.SuccessAsync(request, answer.Body, method.ApiName, cancellationToken);
        }
        catch (OperationCanceledException) when (hostCancellation.IsCancellationRequested)
        {
            // The host gave up on this invocation; whatever we write is for the record only.
            logger.LogInformation("{Method} was cancelled by the host", method.Name);
            metrics.CloudCallAnswered(method, CloudCallOutcome.Cancelled);
            return await CloudCallHttpResponses.ErrorAsync(request, new(HttpStatusCode.ServiceUnavailable, CloudCallError.SystemError, "request cancelled"), method.ApiName, CancellationToken.None);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // Not the host (checked first): the deadline ran out.
            // Writes never get here while in flight: their client reports an unknown outcome instead.
            return await FailAsync(method, request, CloudCallErrors.DeadlinePassed(_requestTimeout), CloudCallOutcome.Deadline, null, CancellationToken.None);
        }
        catch (Exception ex)
        {
            var error = CloudCallErrors.FromException(ex, timeProvider.GetUtcNow());
            if (ex is WeChatException { OutcomeUnknown: true })
            {
                return await OutcomeUnknownAsync(method, request, weChatBody, error, null, cancellationToken);
            }

            if (ex is not (WeChatException or SecretUnavailableException))
            {
                // Only the unexpected gets a stack trace: the known failures are described by their own message.
                logger.LogError(ex, "{Method} failed unexpectedly", method.Name);
            }

            var (outcome, weChatErrCode) = CloudCallOutcome.Of(ex);
            return await FailAsync(method, request, error, outcome, weChatErrCode, Live(cancellationToken));
        }
    }

    // A write that was sent and whose answer was lost (a timeout, a reset, a 5xx, a broken answer, "busy") may or
    // may not have been carried out. Where WeChat keeps its result under the caller's id (addOrder), a read finds it
    // out while the deadline allows; else the caller hears 424, the outcome is unknown, and what is safe to do next.
    private async Task<HttpResponseData> OutcomeUnknownAsync(
        CloudCallMethod method, HttpRequestData request, ReadOnlyMemory<byte> weChatBody, CloudCallError error, int? weChatErrCode, CancellationToken cancellationToken)
    {
        if (method.OutcomeLookup is not { } lookup)
        {
            return await FailAsync(
                method, request, CloudCallErrors.OutcomeUnknown(method, error), CloudCallOutcome.UnknownOutcome, weChatErrCode, Live(cancellationToken));
        }

        OutcomeFinding finding;
        try
        {
            finding = await lookup.FindAsync(weChat, weChatBody, cancellationToken);
        }
        catch (Exception ex)
        {
            // Whatever broke, the caller must still hear that the write's outcome is unknown, not a bare 500.
            logger.LogError(ex, "{Method} could not ask {Read} after its outcome was lost", method.Name, lookup.ReadName);
            finding = new(null, $"{lookup.ReadName} failed");
        }

        if (finding.Answer is { } recovered)
        {
            // Worth an operator's eye: WeChat's answer to a write was lost, and only the read saved the caller a doubt.
            logger.LogWarning("{Method} lost WeChat's answer ({Reason}); {Finding}: answered from it", method.Name, error.Reason, finding.Finding);
            metrics.CloudCallAnswered(method, CloudCallOutcome.Ok);
            return await CloudCallHttpResponses.SuccessAsync(request, recovered, method.ApiName, Live(cancellationToken));
        }

        return await FailAsync(
            method, request, CloudCallErrors.OutcomeUnknown(method, error, finding.Finding), CloudCallOutcome.UnknownOutcome, weChatErrCode, Live(cancellationToken));
    }

    // Once the deadline has passed, the answer is still written: a memory stream does not need the time.
    private static CancellationToken Live(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? CancellationToken.None : cancellationToken;

    private async Task<HttpResponseData> FailAsync(
        CloudCallMethod method, HttpRequestData request, CloudCallError error, string outcome, int? weChatErrCode, CancellationToken cancellationToken)
    {
        metrics.CloudCallAnswered(method, outcome, weChatErrCode);
        // A caller's mistake is routine; a failure on our side or upstream, a write's lost answer among them, is
        // what an operator watches for.
        var level = (int)error.Status >= 500 || error.Status == HttpStatusCode.FailedDependency ? LogLevel.Warning : LogLevel.Information;
        logger.Log(level, "{Method} answered {Status} with errCode {ErrCode}: {Reason}", method.Name, (int)error.Status, error.ErrCode, error.Reason);
        return await CloudCallHttpResponses.ErrorAsync(request, error, method.ApiName, cancellationToken);
    }
}
