using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Worker.Tests;

/// <summary>
/// GetPath through the real worker pipeline (published app, gRPC, HTTP trigger, DI, HttpClient) against
/// the WeChat simulator on loopback.
/// </summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class GetPathEndToEndTests(PublishedWorkerFixture worker)
{
    private const string Url = "http://localhost:7071/api/logistics/getPath";

    /// <summary>
    /// The cloud call's "Return an example of the data" from WeChat's logistics.getPath document
    /// (shared/seed/logistics.getPath.txt), as written there.
    /// </summary>
    private const string SeedCloudCallAnswer = """
        {
          "openid": "OPENID",
          "deliveryId": "SF",
          "waybillId": "12345678901234567890",
          "pathItemNum": 3,
          "pathItemList": [
            {
              "actionTime": 1533052800,
              "actionType": 100001,
              "actionMsg": "快递员已成功取件"
            },
            {
              "actionTime": 1533062800,
              "actionType": 200001,
              "actionMsg": "快件已到达xxx集散中心,准备发往xxx"
            },
            {
              "actionTime": 1533072800,
              "actionType": 300001,
              "actionMsg": "快递员已出发,联系电话xxxxxx"
            }
          ],
          "errMsg": "openapi.logistics.getPath:ok"
        }
        """;

    [Fact]
    public async Task The_seed_example_answers_200_with_the_documented_cloud_call_answer_and_errCode_0()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Complete(weChat.BaseAddress)));

        var response = await host.InvokeHttpAsync("GetPath", "POST", Url, JsonHeaders(),
            Encoding.UTF8.GetBytes("""{"openid":"OPENID","orderId":"01234567890123456789","deliveryId":"SF","waybillId":"12345678901234567890"}"""));

        var body = response.GetBodyText();
        Assert.True(response.GetStatusCode() == 200, $"Expected 200, got {response.StatusCode}: {body}{Environment.NewLine}{host.Output.Describe()}");
        Assert.StartsWith("application/json", response.GetHeader("Content-Type"), StringComparison.OrdinalIgnoreCase);

        var expected = JsonNode.Parse(SeedCloudCallAnswer)!.AsObject();
        expected["errCode"] = 0;
        JsonAssert.EquivalentKeepingOrder(expected, JsonNode.Parse(body), orderFree: ["errCode"]);
        Assert.Equal(1, weChat.PathGetCalls);
    }

    [Fact]
    public async Task A_body_without_orderId_answers_400_naming_orderId_and_never_calls_WeChat()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Complete(weChat.BaseAddress)));

        var response = await host.InvokeHttpAsync("GetPath", "POST", Url, JsonHeaders(),
            Encoding.UTF8.GetBytes("""{"deliveryId":"SF","waybillId":"1"}"""));

        var body = response.GetBodyText();
        Assert.True(response.GetStatusCode() == 400, $"Expected 400, got {response.StatusCode}: {body}{Environment.NewLine}{host.Output.Describe()}");
        Assert.StartsWith("application/json", response.GetHeader("Content-Type"), StringComparison.OrdinalIgnoreCase);
        using var json = JsonDocument.Parse(body);
        var errCode = json.RootElement.GetProperty("errCode");
        Assert.Equal(JsonValueKind.Number, errCode.ValueKind);
        Assert.NotEqual(0, errCode.GetInt64());
        var errMsg = json.RootElement.GetProperty("errMsg").GetString()!;
        Assert.StartsWith("openapi.logistics.getPath:fail", errMsg, StringComparison.Ordinal);
        Assert.Contains("orderId", errMsg, StringComparison.Ordinal);
        Assert.Equal(0, weChat.PathGetCalls);
    }

    private static Dictionary<string, string> JsonHeaders() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Content-Type"] = "application/json",
        ["Accept"] = "application/json",
        ["Host"] = "localhost:7071",
    };
}
