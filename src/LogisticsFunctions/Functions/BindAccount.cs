using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Functions;

/// <summary><c>POST /api/logistics/bindAccount</c>: <c>openapi.logistics.bindAccount</c>, binds or unbinds a courier account (a write).</summary>
public sealed class BindAccount(CloudCallHandler handler)
{
    [Function(nameof(BindAccount))]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "logistics/bindAccount")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(LogisticsMethods.BindAccount, request, context.CancellationToken);
    }
}
