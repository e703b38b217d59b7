using System.Text.Json;
using System.Text.Json.Nodes;
using LogisticsFunctions.Tests.Seed;
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
    [Fact]
    public async Task The_seed_example_answers_200_with_the_documented_cloud_call_answer_and_errCode_0()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Complete(weChat.BaseAddress)));

        var response = await host.PostGetPathAsync(SeedExample.Request);

        var body = response.GetBodyText();
        Assert.True(response.GetStatusCode() == 200, $"Expected 200, got {response.StatusCode}: {body}{Environment.NewLine}{host.Output.Describe()}");
        Assert.StartsWith("application/json", response.GetHeader("Content-Type"), StringComparison.OrdinalIgnoreCase);

        var expected = JsonNode.Parse(SeedExample.CloudCallAnswer)!.AsObject();
        expected["errCode"] = 0;
        JsonAssert.EquivalentKeepingOrder(expected, JsonNode.Parse(body), orderFree: ["errCode"]);
        Assert.Equal(1, weChat.PathGetCalls);
    }

    [Fact]
    public async Task A_body_without_orderId_answers_400_naming_orderId_and_never_calls_WeChat()
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Complete(weChat.BaseAddress)));

        var response = await host.PostGetPathAsync("""{"deliveryId":"SF","waybillId":"1"}""");

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
}
