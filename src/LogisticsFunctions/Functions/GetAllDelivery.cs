using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Functions;

/// <summary><c>POST /api/logistics/getAllDelivery</c>: <c>openapi.logistics.getAllDelivery</c>, the couriers WeChat supports.</summary>
public sealed class GetAllDelivery(CloudCallHandler handler)
{
    [Function(nameof(GetAllDelivery))]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "logistics/getAllDelivery")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(LogisticsMethods.GetAllDelivery, request, context.CancellationToken);
    }
}
