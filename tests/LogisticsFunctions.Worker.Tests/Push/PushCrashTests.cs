using System.Diagnostics;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.WeChatSimulator.Push;
using LogisticsFunctions.Worker.Tests.Hosting;
using Xunit.Abstractions;

namespace LogisticsFunctions.Worker.Tests.Push;

/// <summary>
/// Nothing lost: a worker process is killed (not cancelled) at each step of a delivery against Azurite, and
/// WeChat's own retry schedule (5, 10 and 15 s after the first try, in real time) is then played through the
/// same URL against a second worker instance. The update must reach the queue, and WeChat must get
/// <c>success</c>. Each step's count of queue messages is asserted exactly: one, except where the crash falls
/// between the send and the marker update, a duplicate window docs/push.md lists (two).
/// </summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class PushCrashTests(PublishedWorkerFixture worker, ITestOutputHelper output) : IAsyncLifetime
{
    private AzuriteServer _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteServer.StartAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Theory]
    [InlineData(DeliveryStep.AfterTheClaim, 1)]
    [InlineData(DeliveryStep.BeforeTheSend, 1)]
    [InlineData(DeliveryStep.AfterTheSend, 2)]
    [InlineData(DeliveryStep.AfterTheMarkerUpdate, 1)]
    public async Task An_instance_killed_mid_delivery_loses_nothing_WeChats_retry_queues_the_update(DeliveryStep step, int expectedMessages)
    {
        await using var weChat = await WeChatSimulatorServer.StartAsync();
        await using var proxy = await StorageCrashProxy.StartAsync(_azurite);
        var settings = new Dictionary<string, string?>(WorkerSettings.Complete(weChat.BaseAddress), StringComparer.Ordinal)
        {
            ["AzureWebJobsStorage"] = proxy.ConnectionString,
        };
        await using var first = await FunctionsTestHost.StartAsync(worker.HostOptions(settings));
        await using var second = await FunctionsTestHost.StartAsync(worker.HostOptions(settings));
        await using var frontEnd = await HostHttpFrontEnd.StartAsync(first, "logistics/push", "ExpressPathPush");
        proxy.Arm(step, () =>
        {
            // WeChat's next try reaches the other instance, as it may on Azure; this one dies where it stands.
            frontEnd.Host = second;
            using var process = Process.GetProcessById(first.ProcessId);
            process.Kill();
            process.WaitForExit();
        });
        using var pusher = new WeChatPusher(new PushOptions
        {
            TargetUrl = new Uri(frontEnd.Address, "api/logistics/push"),
            RetryAt = PushOptions.WeChatRetrySchedule,
        });
        var update = new ExpressPathEvent("gh_0123456789ab", "OPENID", 1_700_000_000, "SF", "SF1234567890", "order-1", 3,
            [new(1_700_000_000, 100001, "揽件成功")]);

        var delivery = await pusher.PushAsync(update);

        var story = $"{step}: {string.Join("; ", delivery.Attempts)}{Environment.NewLine}{second.Output.Describe()}";
        output.WriteLine(story);
        Assert.True(proxy.Fired, story);
        Assert.True(first.HasExited, story);
        Assert.True(delivery.Attempts[0].StatusCode != 200, story);
        Assert.True(delivery.Delivered, story);
        var messages = await QueuedEvents.ReceiveAllAsync(_azurite.ConnectionString);
        Assert.True(expectedMessages == messages.Count, $"{messages.Count} messages; {story}");
        Assert.All(messages, message => Assert.Equal(update.ToMessage().ToJsonString(), QueuedEvents.Normalised(message).ToJsonString()));
    }
}
