using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Functions;

/// <summary><c>POST /api/logistics/getQuota</c>: <c>openapi.logistics.getQuota</c>, the waybills left on a courier account.</summary>
public sealed class GetQuota(CloudCallHandler handler)
{
    [Function(nameof(GetQuota))]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "logistics/getQuota")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(LogisticsMethods.GetQuota, request, context.CancellationToken);
    }
}
