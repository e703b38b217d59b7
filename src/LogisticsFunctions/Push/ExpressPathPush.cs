using LogisticsFunctions.CloudCall;
using LogisticsFunctions.WeChat.Push;
using LogisticsFunctions.WeChat.Secrets;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Push;

/// <summary>
/// <c>GET|POST /api/logistics/push</c>: the mini-program's message-push URL. Anonymous at the Functions level,
/// since WeChat cannot send a function key: WeChat's signature, checked on every request, is the authentication.
/// GET answers the URL verification; POST takes <c>add_express_path</c> events to the <c>express-path-events</c> queue.
/// </summary>
public sealed class ExpressPathPush(PushReceiver receiver, ILogger<ExpressPathPush> logger)
{
    [Function(nameof(ExpressPathPush))]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "logistics/push")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.CancellationToken;
        PushAnswer answer;
        try
        {
            var query = PushQuery.From(name => request.Query[name]);
            if (HttpMethods.IsGet(request.Method))
            {
                answer = await receiver.VerifyUrlAsync(query, cancellationToken);
            }
            else
            {
                var body = await RequestBody.ReadAsync(request.Body, PushReceiver.MaxBodyBytes, cancellationToken);
                answer = body is null ? receiver.BodyTooLarge() : await receiver.ReceiveAsync(query, body.Value, cancellationToken);
            }
        }
        catch (SecretUnavailableException ex)
        {
            answer = receiver.SecretsUnavailable(ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("ExpressPathPush was cancelled by the host");
            answer = PushAnswer.TryAgain;
        }
        catch (Exception ex)
        {
            // The type and where, not the message: nothing from the request or a secret may reach the log.
            logger.LogError("ExpressPathPush failed unexpectedly: {ExceptionType} {StackTrace}", ex.GetType().FullName, ex.StackTrace);
            answer = PushAnswer.TryAgain;
        }

        return await PushHttpResponses.WriteAsync(request, answer, cancellationToken.IsCancellationRequested ? CancellationToken.None : cancellationToken);
    }

    private static class HttpMethods
    {
        public static bool IsGet(string method) => string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase);
    }
}
