using LogisticsFunctions.Telemetry;
using LogisticsFunctions.WeChat.Push;
using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

/// <summary>
/// <c>GET|POST /api/logistics/push</c>: the mini-program's message-push URL. Anonymous at the Functions level,
/// since WeChat cannot send a function key: WeChat's signature, checked on every request, is the authentication.
/// GET answers the URL verification; POST takes <c>add_express_path</c> events to the <c>express-path-events</c> queue.
/// Every request is answered within <see cref="PushReceiver.AnswerDeadline"/>, 503 when it runs out, and
/// counted once in <c>logistics.pushes</c> with the outcome its answer carries.
/// </summary>
public sealed class ExpressPathPush(
    PushReceiver receiver, TimeProvider timeProvider, IOptions<PushOptions> options, LogisticsMetrics metrics, ILogger<ExpressPathPush> logger)
{
    private readonly string _mode = PushOutcome.ModeOf(options.Value.Mode);

    [Function(nameof(ExpressPathPush))]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "logistics/push")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var invocation = context.CancellationToken;
        var answerBy = timeProvider.GetUtcNow() + PushReceiver.AnswerDeadline;
        using var deadline = new CancellationTokenSource(PushReceiver.AnswerDeadline, timeProvider);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(invocation, deadline.Token);
        var cancellationToken = either.Token;
        PushAnswer answer;
        try
        {
            var query = PushQuery.From(name => request.Query[name]);
            answer = HttpMethods.IsGet(request.Method)
                ? await receiver.VerifyUrlAsync(query, cancellationToken)
                : await receiver.ReceiveAsync(query, request.Body, answerBy, cancellationToken);
        }
        catch (SecretUnavailableException ex)
        {
            answer = receiver.SecretsUnavailable(ex);
        }
        catch (PushNotConfiguredException ex)
        {
            answer = receiver.NotConfigured(ex);
        }
        catch (OperationCanceledException) when (invocation.IsCancellationRequested)
        {
            logger.LogInformation("ExpressPathPush was cancelled by the host");
            answer = PushAnswer.TryAgain(PushOutcome.Cancelled);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            logger.LogWarning("ExpressPathPush did not finish within {Deadline} s; asking WeChat to try again", PushReceiver.AnswerDeadline.TotalSeconds);
            answer = PushAnswer.TryAgain(PushOutcome.Deadline);
        }
        catch (Exception ex)
        {
            // The type and where, not the message: nothing from the request or a secret may reach the log.
            logger.LogError("ExpressPathPush failed unexpectedly: {ExceptionType} {StackTrace}", ex.GetType().FullName, ex.StackTrace);
            answer = PushAnswer.TryAgain(PushOutcome.InternalError);
        }

        metrics.PushAnswered(answer, _mode);

        return await PushHttpResponses.WriteAsync(request, answer, invocation.IsCancellationRequested ? CancellationToken.None : invocation);
    }

    private static class HttpMethods
    {
        public static bool IsGet(string method) => string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase);
    }
}
