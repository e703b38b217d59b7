using System.Text.Json;
using LogisticsFunctions.Worker.Tests.Hosting;
using LogisticsFunctions.Worker.Tests.Rpc;

namespace LogisticsFunctions.Worker.Tests;

/// <summary>What the published worker reports about its functions when the host asks (worker indexing).</summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class FunctionMetadataTests(PublishedWorkerFixture worker)
{
    [Fact]
    public async Task The_worker_reports_exactly_one_function_named_GetPath()
    {
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Unreachable()));

        var function = Assert.Single(host.Functions);
        Assert.Equal("GetPath", function.Name);
    }

    [Fact]
    public async Task GetPath_is_triggered_by_POST_on_logistics_getPath_with_function_keys()
    {
        await using var host = await FunctionsTestHost.StartAsync(worker.HostOptions(WorkerSettings.Unreachable()));
        var function = Assert.Single(host.Functions, f => f.Name == "GetPath");

        var triggers = function.RawBindings
            .Select(raw => JsonDocument.Parse(raw).RootElement)
            .Where(binding => binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var trigger = Assert.Single(triggers);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("in", trigger.GetProperty("direction").GetString(), StringComparer.OrdinalIgnoreCase);
        var methods = trigger.GetProperty("methods").EnumerateArray().Select(method => method.GetString()!.ToUpperInvariant()).ToList();
        Assert.Equal(["POST"], methods);
        Assert.Equal("logistics/getPath", trigger.GetProperty("route").GetString());
        Assert.Equal("function", trigger.GetProperty("authLevel").GetString(), StringComparer.OrdinalIgnoreCase);

        // The parsed binding the host passes back in FunctionLoadRequest agrees with the raw JSON.
        var name = trigger.GetProperty("name").GetString()!;
        Assert.True(function.Bindings.TryGetValue(name, out var info), $"No parsed binding named '{name}'.");
        Assert.Equal(BindingInfo.Types.Direction.In, info.Direction);
        Assert.Equal("httpTrigger", info.Type, StringComparer.OrdinalIgnoreCase);
    }
}
