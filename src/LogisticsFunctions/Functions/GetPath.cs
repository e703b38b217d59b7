using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Functions;

/// <summary><c>POST /api/logistics/getPath</c>: <c>openapi.logistics.getPath</c>, the tracking path of a waybill.</summary>
public sealed class GetPath(CloudCallHandler handler)
{
    [Function(nameof(GetPath))]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "logistics/getPath")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(LogisticsMethods.GetPath, request, context.CancellationToken);
    }
}
