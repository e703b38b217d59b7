using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Functions;

/// <summary><c>POST /api/logistics/cancelOrder</c>: <c>openapi.logistics.cancelOrder</c>, cancels an order (a write).</summary>
public sealed class CancelOrder(CloudCallHandler handler)
{
    [Function(nameof(CancelOrder))]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "logistics/cancelOrder")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(LogisticsMethods.CancelOrder, request, context.CancellationToken);
    }
}
