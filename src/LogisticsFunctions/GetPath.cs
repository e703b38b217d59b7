using System.Net;
using LogisticsFunctions.WeChat.AppSecrets;
using LogisticsFunctions.WeChat.CloudCall;
using LogisticsFunctions.WeChat.Express;
using LogisticsFunctions.WeChat.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions;

/// <summary>
/// <c>POST /api/logistics/getPath</c>: what the cloud call <c>openapi.logistics.getPath</c> gives a
/// cloud function, over HTTPS. camelCase parameters in, WeChat's tracking path out in camelCase with
/// <c>errMsg</c>; every failure is a JSON <c>{errCode, errMsg}</c> with a status that says what to do.
/// </summary>
public sealed class GetPath(WeChatExpressClient express, TimeProvider timeProvider, ILogger<GetPath> logger)
{
    /// <summary>The cloud call's name, the prefix of every errMsg.</summary>
    public const string ApiName = "openapi.logistics.getPath";

    [Function(nameof(GetPath))]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "logistics/getPath")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.CancellationToken;
        try
        {
            var body = await RequestBody.ReadAsync(request.Body, GetPathRequestReader.MaxBodyBytes, cancellationToken);
            if (body is null)
            {
                return await FailAsync(request, GetPathRequestReader.BodyTooLarge, cancellationToken);
            }

            if (!GetPathRequestReader.TryRead(body.Value.Span, out var getPath, out var invalid))
            {
                return await FailAsync(request, invalid!, cancellationToken);
            }

            var answer = await express.GetPathAsync(getPath!, cancellationToken);
            if (!answer.IsSuccess)
            {
                return await FailAsync(request, CloudCallErrors.FromWeChat(answer.ErrCode, answer.ErrMsg, timeProvider.GetUtcNow()), cancellationToken);
            }

            logger.LogInformation("GetPath answered 200 for courier {DeliveryId}", getPath!.DeliveryId);
            return await CloudCallHttpResponses.SuccessAsync(request, answer.Body, ApiName, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host gave up on this invocation; whatever we write is for the record only.
            logger.LogInformation("GetPath was cancelled by the host");
            return await CloudCallHttpResponses.ErrorAsync(request, new(HttpStatusCode.ServiceUnavailable, CloudCallError.SystemError, "request cancelled"), ApiName, CancellationToken.None);
        }
        catch (Exception ex)
        {
            var error = CloudCallErrors.FromException(ex, timeProvider.GetUtcNow());
            if (ex is not (WeChatException or AppSecretUnavailableException))
            {
                // Only the unexpected gets a stack trace: the known failures are described by their own message.
                logger.LogError(ex, "GetPath failed unexpectedly");
            }

            return await FailAsync(request, error, cancellationToken.IsCancellationRequested ? CancellationToken.None : cancellationToken);
        }
    }

    private async Task<HttpResponseData> FailAsync(HttpRequestData request, CloudCallError error, CancellationToken cancellationToken)
    {
        // A caller's mistake is routine; a failure on our side or upstream is what an operator watches for.
        var level = (int)error.Status >= 500 ? LogLevel.Warning : LogLevel.Information;
        logger.Log(level, "GetPath answered {Status} with errCode {ErrCode}: {Reason}", (int)error.Status, error.ErrCode, error.Reason);
        return await CloudCallHttpResponses.ErrorAsync(request, error, ApiName, cancellationToken);
    }
}
