using System.Net;
using LogisticsFunctions.OpenApi;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Functions;

/// <summary>
/// <c>GET /api/openapi.json</c>: the OpenAPI 3.1 document of the cloud-call methods. Anonymous: it
/// describes the contract and holds nothing secret; the methods themselves need a function key.
/// </summary>
public sealed class OpenApiDocument
{
    // Written once per instance from the declarations, which do not change while the app runs.
    private static readonly Lazy<byte[]> Document = new(OpenApiDocumentWriter.Write);

    [Function(nameof(OpenApiDocument))]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.Body.WriteAsync(Document.Value, context.CancellationToken);
        return response;
    }
}
