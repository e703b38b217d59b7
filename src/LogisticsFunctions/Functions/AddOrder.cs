using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Functions;

/// <summary><c>POST /api/logistics/addOrder</c>: <c>openapi.logistics.addOrder</c>, creates an order and its waybill (a write).</summary>
public sealed class AddOrder(CloudCallHandler handler)
{
    [Function(nameof(AddOrder))]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "logistics/addOrder")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(LogisticsMethods.AddOrder, request, context.CancellationToken);
    }
}
