using System.Net;
using Azure.Storage.Blobs.Models;
using LogisticsFunctions.Push;
using LogisticsFunctions.WeChat.Push;

namespace LogisticsFunctions.Tests.Push;

/// <summary>
/// At most one queue message per update (DeliveryID, WayBillId, Version), enforced in storage: repeated
/// deliveries, two app instances at once, a failed queue write and a claim left by a stopped instance.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class DeduplicationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestPushBuilder _weChat = new(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow);
    private readonly List<PushTestApp> _apps = [];

    public Task InitializeAsync() => azurite.ResetAsync();

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheSameEventDeliveredThreeTimesIsQueuedOnceAndEachDeliveryIsAnsweredSuccess()
    {
        var app = NewInstance();
        var update = new TestExpressPath();

        // WeChat's three tries are separate requests: new timestamp, nonce and (when encrypted) random bytes.
        var answers = new List<string>();
        foreach (var mode in new[] { TestPushMode.Safe, TestPushMode.Safe, TestPushMode.Compatible })
        {
            answers.Add((await app.SendAsync(_weChat.Post(update, mode, TestPushFormat.Json))).BodyText);
        }

        Assert.Equal(["success", "success", "success"], answers);
        AzuriteQueueAssert.SameEvent(update, Assert.Single(await AzuriteQueueAssert.MessagesAsync(azurite)));
        Assert.Equal(DeliveryMarker.Queued, DeliveryMarker.State(await MarkerMetadataAsync(update)));
    }

    [Fact]
    public async Task ANewVersionOfTheSameWaybillIsANewUpdate()
    {
        var app = NewInstance();

        await app.SendAsync(_weChat.Post(new TestExpressPath { Version = 1 }, TestPushMode.Safe, TestPushFormat.Xml));
        await app.SendAsync(_weChat.Post(new TestExpressPath { Version = 2 }, TestPushMode.Safe, TestPushFormat.Xml));
        await app.SendAsync(_weChat.Post(new TestExpressPath { Version = 2, DeliveryId = "ZTO" }, TestPushMode.Safe, TestPushFormat.Xml));

        Assert.Equal([1, 2, 2], (await AzuriteQueueAssert.MessagesAsync(azurite)).Select(m => (long)m["Version"]!));
    }

    [Fact]
    public async Task TwoInstancesReceivingTheSameEventsConcurrentlyQueueEachOnce()
    {
        var first = NewInstance();
        var second = NewInstance();
        var updates = Enumerable.Range(1, 8).Select(version => new TestExpressPath { Version = version }).ToList();

        // Every update four times at once: twice to each instance, in different modes and formats.
        var deliveries = updates.SelectMany(update => new[]
        {
            (first, _weChat.Post(update, TestPushMode.Safe, TestPushFormat.Xml)),
            (second, _weChat.Post(update, TestPushMode.Safe, TestPushFormat.Json)),
            (first, _weChat.Post(update, TestPushMode.Compatible, TestPushFormat.Json)),
            (second, _weChat.Post(update, TestPushMode.Compatible, TestPushFormat.Xml)),
        }).ToList();
        using var start = new ManualResetEventSlim();
        var sending = deliveries.Select(d => Task.Run(async () =>
        {
            start.Wait();
            return await d.Item1.SendAsync(d.Item2);
        })).ToList();
        start.Set();
        var responses = await Task.WhenAll(sending);

        var messages = await AzuriteQueueAssert.MessagesAsync(azurite);
        Assert.Equal(updates.Count, messages.Count);
        Assert.Equal(updates.Select(u => u.Version).Order(), messages.Select(m => (long)m["Version"]!).Order());
        // A delivery that found another mid-way waited for it and then answered success; only one whose
        // deadline left no more time to wait may answer 503, which makes WeChat try again.
        Assert.All(responses, r => Assert.True(
            r.StatusCode == HttpStatusCode.OK || (r.StatusCode == HttpStatusCode.ServiceUnavailable && r.Header("Retry-After") is not null),
            $"{(int)r.StatusCode} {r.BodyText}"));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task AFailedQueueWriteIs503WithNothingQueuedAndTheRedeliveryQueuesItOnce()
    {
        var app = NewInstance();
        // The instance has made its queue and container; then the queue disappears under it.
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(_weChat.Post(new TestExpressPath { Version = 1 }, TestPushMode.Safe, TestPushFormat.Xml))).StatusCode);
        await azurite.RawQueue.DeleteAsync();
        var update = new TestExpressPath { Version = 2 };

        var failed = await app.SendAsync(_weChat.Post(update, TestPushMode.Safe, TestPushFormat.Xml));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("5", failed.Header("Retry-After"));
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("HTTP 404 QueueNotFound", StringComparison.Ordinal));
        // The claim was released, so the redelivery is not mistaken for a duplicate.
        Assert.False(await azurite.Markers.GetBlobClient(DeliveryMarker.NameFor(ToEvent(update))).ExistsAsync());

        await azurite.RawQueue.CreateAsync();
        Assert.Equal(0, await AzuriteQueueAssert.CountAsync(azurite));
        var retried = await app.SendAsync(_weChat.Post(update, TestPushMode.Safe, TestPushFormat.Xml));
        var again = await app.SendAsync(_weChat.Post(update, TestPushMode.Safe, TestPushFormat.Xml));

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        AzuriteQueueAssert.SameEvent(update, Assert.Single(await AzuriteQueueAssert.MessagesAsync(azurite)));
    }

    [Fact]
    public async Task AnUnreachableStoreIs503AndNothingIsAnsweredSuccess()
    {
        // Nothing listens there: connection refused for the marker write.
        var app = NewInstance("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteServer.AccountKey + ";BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;");

        var response = await app.SendAsync(_weChat.Post(new TestExpressPath(), TestPushMode.Safe, TestPushFormat.Xml));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Header("Retry-After"));
    }

    [Fact]
    public async Task AFreshClaimByAnotherInstanceIsWaitedForThenAnswered503SoWeChatTriesAgain()
    {
        var app = NewInstance();
        var update = new TestExpressPath();
        await app.SendAsync(_weChat.Post(new TestExpressPath { Version = 99 }, TestPushMode.Safe, TestPushFormat.Xml));
        await ClaimAsync(update);

        var response = await app.SendAsync(_weChat.Post(update, TestPushMode.Safe, TestPushFormat.Xml));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Header("Retry-After"));
        Assert.Equal([99], (await AzuriteQueueAssert.MessagesAsync(azurite)).Select(m => (long)m["Version"]!));
        Assert.Contains(app.Logs.Lines, line => line.Contains("is being queued by another delivery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClaimLeftByAStoppedInstanceIsTakenOverByWeChatsRetryFiveSecondsLater()
    {
        var first = NewInstance();
        var second = NewInstance();
        var update = new TestExpressPath();
        await first.SendAsync(_weChat.Post(new TestExpressPath { Version = 99 }, TestPushMode.Safe, TestPushFormat.Xml));

        // An instance claimed the update and stopped. WeChat's first try was that instance's; its retry comes
        // 5 s after the first try, to whichever instance: its age is judged on the storage service's clock.
        var firstTry = DateTimeOffset.UtcNow;
        await ClaimAsync(update);
        var tooEarly = await first.SendAsync(_weChat.Post(update, TestPushMode.Safe, TestPushFormat.Xml));
        await Task.Delay(firstTry.AddSeconds(5) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        var retry = await second.SendAsync(_weChat.Post(update, TestPushMode.Safe, TestPushFormat.Json));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, tooEarly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal([99, 2], (await AzuriteQueueAssert.MessagesAsync(azurite)).Select(m => (long)m["Version"]!));
        Assert.Equal(DeliveryMarker.Queued, DeliveryMarker.State(await MarkerMetadataAsync(update)));
        Assert.Contains(second.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Took over the claim on update", StringComparison.Ordinal));
    }

    [Fact]
    public void MarkerNamesAreFixedLengthHashesThatKeepDifferentUpdatesApart()
    {
        var names = new[]
        {
            DeliveryMarker.NameFor(ToEvent(new TestExpressPath { DeliveryId = "SF", WayBillId = "1:2", Version = 3 })),
            DeliveryMarker.NameFor(ToEvent(new TestExpressPath { DeliveryId = "SF:1", WayBillId = "2", Version = 3 })),
            DeliveryMarker.NameFor(ToEvent(new TestExpressPath { DeliveryId = "SF", WayBillId = "1", Version = 23 })),
            DeliveryMarker.NameFor(ToEvent(new TestExpressPath { DeliveryId = "SF", WayBillId = "../a/b?c#快递", Version = 3 })),
        };

        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(names, name => Assert.Matches("^[0-9a-f]{64}$", name));
    }

    private PushTestApp NewInstance(string? connectionString = null)
    {
        var app = PushTestApp.Create(connectionString ?? azurite.ConnectionString);
        _apps.Add(app);
        return app;
    }

    // A claim as another delivery makes it, now on the storage service's clock.
    private async Task ClaimAsync(TestExpressPath update)
    {
        var marker = azurite.Markers.GetBlobClient(DeliveryMarker.NameFor(ToEvent(update)));
        await marker.UploadAsync(BinaryData.FromString("{}"), new BlobUploadOptions { Metadata = DeliveryMarker.ClaimedMetadata("another-delivery") });
    }

    private async Task<IDictionary<string, string>> MarkerMetadataAsync(TestExpressPath update) =>
        (await azurite.Markers.GetBlobClient(DeliveryMarker.NameFor(ToEvent(update))).GetPropertiesAsync()).Value.Metadata;

    private static ExpressPathEvent ToEvent(TestExpressPath update) =>
        ExpressPathEventJson.TryRead(System.Text.Encoding.UTF8.GetBytes(update.ToJson()))!;
}
