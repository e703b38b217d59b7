using System.Text;
using LogisticsFunctions.Worker.Tests.Rpc;

namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>A POST to GetPath as a mini-program backend sends it, through the test host.</summary>
internal static class GetPathInvocation
{
    public const string Url = "http://localhost:7071/api/logistics/getPath";

    public static Task<RpcHttp> PostGetPathAsync(this FunctionsTestHost host, string jsonBody) =>
        host.InvokeHttpAsync(
            "GetPath",
            "POST",
            Url,
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = "application/json",
                ["Accept"] = "application/json",
                ["Host"] = "localhost:7071",
            },
            Encoding.UTF8.GetBytes(jsonBody));
}
