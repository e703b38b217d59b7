using System.Text.Json;
using LogisticsFunctions.Worker.Tests.Hosting;
using LogisticsFunctions.Worker.Tests.Rpc;

namespace LogisticsFunctions.Worker.Tests;

/// <summary>What the published worker reports about its functions when the host asks (worker indexing).</summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class FunctionMetadataTests(PublishedWorkerFixture worker)
{
    /// <summary>The cloud-call methods, by the names operators see in telemetry and hand out keys for.</summary>
    public static TheoryData<string, string> CloudCallFunctions() => new()
    {
        { "GetAllDelivery", "getAllDelivery" },
        { "GetAllAccount", "getAllAccount" },
        { "BindAccount", "bindAccount" },
        { "GetPrinter", "getPrinter" },
        { "UpdatePrinter", "updatePrinter" },
        { "GetQuota", "getQuota" },
        { "AddOrder", "addOrder" },
        { "BatchGetOrder", "batchGetOrder" },
        { "CancelOrder", "cancelOrder" },
        { "GetOrder", "getOrder" },
        { "TestUpdateOrder", "testUpdateOrder" },
        { "GetPath", "getPath" },
    };

    [Fact]
    public async Task The_worker_reports_the_twelve_cloud_call_functions_the_push_receiver_the_relay_and_the_OpenAPI_document()
    {
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Unreachable()));

        var expected = CloudCallFunctions().Select(row => (string)row[0])
            .Append("ExpressPathPush").Append("ExpressPathRelay").Append("ExpressPathRelayRetry").Append("OpenApiDocument").Order(StringComparer.Ordinal);
        Assert.Equal(expected, host.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CloudCallFunctions))]
    public async Task Each_cloud_call_function_is_triggered_by_POST_on_its_route_with_function_keys(string name, string method)
    {
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Unreachable()));

        var trigger = HttpTrigger(host, name);

        Assert.Equal(["POST"], Methods(trigger));
        Assert.Equal($"logistics/{method}", trigger.GetProperty("route").GetString());
        Assert.Equal("function", trigger.GetProperty("authLevel").GetString(), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_an_anonymous_GET_on_openapi_json()
    {
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Unreachable()));

        var trigger = HttpTrigger(host, "OpenApiDocument");

        Assert.Equal(["GET"], Methods(trigger));
        Assert.Equal("openapi.json", trigger.GetProperty("route").GetString());
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString(), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ExpressPathPush_is_triggered_anonymously_by_GET_and_POST_on_logistics_push()
    {
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Unreachable()));

        var trigger = HttpTrigger(host, "ExpressPathPush");

        Assert.Equal(["GET", "POST"], Methods(trigger).Order(StringComparer.Ordinal));
        Assert.Equal("logistics/push", trigger.GetProperty("route").GetString());
        // WeChat cannot send a function key: its signature, checked by the function, is the authentication.
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString(), StringComparer.OrdinalIgnoreCase);
    }

    private static JsonElement HttpTrigger(FunctionsTestHost host, string name)
    {
        var function = Assert.Single(host.Functions, f => f.Name == name);
        var triggers = function.RawBindings
            .Select(raw => JsonDocument.Parse(raw).RootElement)
            .Where(binding => binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var trigger = Assert.Single(triggers);
        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("in", trigger.GetProperty("direction").GetString(), StringComparer.OrdinalIgnoreCase);

        // The parsed binding the host passes back in FunctionLoadRequest agrees with the raw JSON.
        var bindingName = trigger.GetProperty("name").GetString()!;
        Assert.True(function.Bindings.TryGetValue(bindingName, out var info), $"No parsed binding named '{bindingName}'.");
        Assert.Equal(BindingInfo.Types.Direction.In, info.Direction);
        return trigger;
    }

    private static List<string> Methods(JsonElement trigger) =>
        [.. trigger.GetProperty("methods").EnumerateArray().Select(method => method.GetString()!.ToUpperInvariant())];
}
