using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Functions;

/// <summary><c>POST /api/logistics/getAllAccount</c>: <c>openapi.logistics.getAllAccount</c>, the courier accounts bound to the mini-program.</summary>
public sealed class GetAllAccount(CloudCallHandler handler)
{
    [Function(nameof(GetAllAccount))]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "logistics/getAllAccount")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(LogisticsMethods.GetAllAccount, request, context.CancellationToken);
    }
}
