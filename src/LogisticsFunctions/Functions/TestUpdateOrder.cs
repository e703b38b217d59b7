using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Functions;

/// <summary><c>POST /api/logistics/testUpdateOrder</c>: <c>openapi.logistics.testUpdateOrder</c>, adds a node to a test order's path (a write).</summary>
public sealed class TestUpdateOrder(CloudCallHandler handler)
{
    [Function(nameof(TestUpdateOrder))]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "logistics/testUpdateOrder")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(LogisticsMethods.TestUpdateOrder, request, context.CancellationToken);
    }
}
