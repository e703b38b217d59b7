using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Functions;

/// <summary><c>POST /api/logistics/batchGetOrder</c>: <c>openapi.logistics.batchGetOrder</c>, up to 100 orders at once.</summary>
public sealed class BatchGetOrder(CloudCallHandler handler)
{
    [Function(nameof(BatchGetOrder))]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "logistics/batchGetOrder")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(LogisticsMethods.BatchGetOrder, request, context.CancellationToken);
    }
}
