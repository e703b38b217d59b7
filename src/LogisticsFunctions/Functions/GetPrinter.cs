using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Functions;

/// <summary><c>POST /api/logistics/getPrinter</c>: <c>openapi.logistics.getPrinter</c>, the users who may print labels.</summary>
public sealed class GetPrinter(CloudCallHandler handler)
{
    [Function(nameof(GetPrinter))]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "logistics/getPrinter")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(LogisticsMethods.GetPrinter, request, context.CancellationToken);
    }
}
