using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Functions;

/// <summary><c>POST /api/logistics/updatePrinter</c>: <c>openapi.logistics.updatePrinter</c>, allows or stops a user printing labels (a write).</summary>
public sealed class UpdatePrinter(CloudCallHandler handler)
{
    [Function(nameof(UpdatePrinter))]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "logistics/updatePrinter")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(LogisticsMethods.UpdatePrinter, request, context.CancellationToken);
    }
}
