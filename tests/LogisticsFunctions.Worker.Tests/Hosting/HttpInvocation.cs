using System.Text;
using LogisticsFunctions.Worker.Tests.Rpc;

namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>Requests as a mini-program backend sends them, through the test host.</summary>
internal static class HttpInvocation
{
    public static Task<RpcHttp> PostGetPathAsync(this FunctionsTestHost host, string jsonBody) =>
        host.InvokeAsync("GetPath", "POST", "logistics/getPath", jsonBody);

    public static Task<RpcHttp> InvokeAsync(this FunctionsTestHost host, string functionName, string method, string route, string body) =>
        host.InvokeHttpAsync(
            functionName,
            method,
            $"http://localhost:7071/api/{route}",
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = "application/json",
                ["Accept"] = "application/json",
                ["Host"] = "localhost:7071",
            },
            Encoding.UTF8.GetBytes(body));
}
