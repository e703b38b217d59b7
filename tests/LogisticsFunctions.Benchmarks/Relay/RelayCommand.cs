using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Queues;
using LogisticsFunctions.Benchmarks.Measurement;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.WeChatSimulator.Backend;
using LogisticsFunctions.WeChatSimulator.Push;
using LogisticsFunctions.Worker.Tests;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Benchmarks.Relay;

/// <summary>
/// The webhook relay in the published worker, invoked by the test host's stand-in for the Functions host's queue
/// listener (<see cref="HostQueueListener"/>: batches of 16, polling from 100 ms up to host.json's 2 s) against
/// Azurite, delivering to the simulator's backend on loopback (204 after verifying each signature). Two
/// measurements: how fast one worker drains a backlog (events per second, worker CPU per event), and how long one
/// event takes from WeChat's push to the backend (the simulator pushes to ExpressPathPush through the HTTP front
/// end, the receiver queues, the listener picks it up, the relay POSTs), pushed back to back and after an idle gap.
/// </summary>
internal static class RelayCommand
{
    private const string EventQueue = "express-path-events";

    public static async Task<int> RunAsync(RelayOptions options, CancellationToken stop)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var frontEnd = await HostHttpFrontEnd.StartAsync("logistics/push", "ExpressPathPush");
        await using var weChat = await WeChatSimulatorServer.StartAsync(cancellationToken: stop);
        var settings = new Dictionary<string, string?>(WorkerSettings.Complete(weChat.BaseAddress), StringComparer.Ordinal)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Webhook__Url"] = weChat.WebhookUrl.AbsoluteUri,
            ["Webhook__Secret"] = WebhookBackend.DevelopmentSecret,
        };
        await using var host = await FunctionsTestHost.StartAsync(new FunctionsTestHostOptions { WorkerDirectory = options.WorkerDirectory, AppSettings = settings }, stop);
        frontEnd.Host = host;
        var events = new QueueClient(azurite.ConnectionString, EventQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await events.CreateIfNotExistsAsync(cancellationToken: stop);
        var worker = Process.GetProcessById(host.ProcessId);
        var version = 0;

        // Warm-up: JIT, connections, queue creation; not counted.
        await DrainAsync(host, azurite, events, weChat, 200, () => ++version, stop);

        var cpuBefore = worker.TotalProcessorTime;
        var elapsed = await DrainAsync(host, azurite, events, weChat, options.Events, () => ++version, stop);
        worker.Refresh();
        var cpu = worker.TotalProcessorTime - cpuBefore;

        await using var relay = HostQueueListener.Start(host, "ExpressPathRelay", azurite.ConnectionString, EventQueue);
        using var pusher = new WeChatPusher(new PushOptions { TargetUrl = new Uri(frontEnd.Address, "api/logistics/push"), Mode = PushMode.Safe, Format = PushFormat.Xml });
        // Warm-up of the push path (the receiver's first marker write, the front end's connections): not timed, and
        // a first push slower than WeChat's 5 s is let go, as WeChat would.
        for (var i = 0; i < 5; i++)
        {
            await pusher.PushAsync(Update(++version), cancellationToken: stop);
        }

        var backToBack = await TimePushesAsync(host, pusher, weChat, options.Pushes, TimeSpan.Zero, () => ++version, stop);
        var afterIdle = await TimePushesAsync(host, pusher, weChat, Math.Min(options.Pushes, 40), options.IdleGap, () => ++version, stop);

        var failed = weChat.Webhooks.Receipts.Count(receipt => !receipt.Verified);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Azurite 3.37.0 and the simulator's backend on loopback; {Environment.ProcessorCount} cores; .NET {Environment.Version}; worker {options.WorkerDirectory}."));
        Console.WriteLine();
        Console.WriteLine("| Backlog drained | Events | Seconds | Events/s | Worker CPU ms/event |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| batches of {HostQueueListener.BatchSize} | {options.Events} | {elapsed.TotalSeconds:F1} | {options.Events / elapsed.TotalSeconds:F0} | {cpu.TotalMilliseconds / options.Events:F2} |"));
        Console.WriteLine();
        Console.WriteLine("| Push → webhook | n | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Report("back to back", backToBack.Latencies);
        Report(string.Create(CultureInfo.InvariantCulture, $"after {options.IdleGap.TotalSeconds:0} s idle"), afterIdle.Latencies);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"webhooks received {weChat.Webhooks.Receipts.Count}, not verified {failed}; pushes WeChat's three tries did not deliver (left out above): {backToBack.Undelivered + afterIdle.Undelivered}"));
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} webhooks failed verification: the measurement is void.");
        }

        return 0;
    }

    // Queues the backlog first, then lets one listener drain it; the time from the listener's start to the last webhook.
    private static async Task<TimeSpan> DrainAsync(FunctionsTestHost host, AzuriteServer azurite, QueueClient events, WeChatSimulatorServer weChat, int count, Func<int> nextVersion, CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => events.SendMessageAsync(EventJson(nextVersion()), stop)));
        var expected = weChat.Webhooks.Receipts.Count + count;
        var started = Stopwatch.StartNew();
        await using (HostQueueListener.Start(host, "ExpressPathRelay", azurite.ConnectionString, EventQueue))
        {
            while (weChat.Webhooks.Receipts.Count < expected)
            {
                await Task.Delay(5, stop);
            }
        }

        return started.Elapsed;
    }

    // Each push waits for its own webhook (found by its Version). A push WeChat's three tries could not deliver (the
    // receiver answered 503 or nothing within 5 s) is counted and left out of the latencies.
    private static async Task<(List<long> Latencies, int Undelivered)> TimePushesAsync(FunctionsTestHost host, WeChatPusher pusher, WeChatSimulatorServer weChat, int count, TimeSpan gap, Func<int> nextVersion, CancellationToken stop)
    {
        var latencies = new List<long>();
        var undelivered = 0;
        for (var i = 0; i < count; i++)
        {
            if (gap > TimeSpan.Zero)
            {
                // Plus up to one polling interval at random, so the push meets the listener's poll at every phase
                // (a fixed gap would lock onto the listener's back-off and always find it about to poll).
                await Task.Delay(gap + (HostQueueListener.MaxPollingInterval * Random.Shared.NextDouble()), stop);
            }

            var version = nextVersion();
            var marker = string.Create(CultureInfo.InvariantCulture, $"\"Version\":{version},");
            var pushedAt = DateTimeOffset.UtcNow;
            var delivery = await pusher.PushAsync(Update(version), cancellationToken: stop);
            if (!delivery.Delivered)
            {
                undelivered++;
                await Console.Error.WriteLineAsync($"push of version {version} not delivered by WeChat's tries: {string.Join("; ", delivery.Attempts)}");
                continue;
            }

            WebhookReceipt? receipt;
            var waited = Stopwatch.StartNew();
            while ((receipt = weChat.Webhooks.Receipts.FirstOrDefault(r => r.Body.Contains(marker, StringComparison.Ordinal))) is null)
            {
                if (waited.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"no webhook for version {version} within 60 s{Environment.NewLine}{host.Output.Describe()}");
                }

                await Task.Delay(1, stop);
            }

            latencies.Add((long)((receipt.ReceivedAt - pushedAt).TotalSeconds * Stopwatch.Frequency));
        }

        return (latencies, undelivered);
    }

    private static void Report(string what, List<long> ticks)
    {
        var summary = new LatencySummary(ticks);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {summary.Count} | {summary.Median:F1} | {summary.Milliseconds(90):F1} | {summary.Milliseconds(99):F1} | {summary.Max:F1} |"));
    }

    private static ExpressPathEvent Update(int version) => new(
        "gh_0123456789ab", "OPENID", 1_700_000_000 + version, "TEST", "TEST1234567890", "relay-bench", version,
        [new(1_700_000_000, 100001, "揽件成功"), new(1_700_000_000 + version, 200001, "快件已到达【广州转运中心】")]);

    private static string EventJson(int version) =>
        $$"""{"ToUserName":"gh_0123456789ab","FromUserName":"OPENID","CreateTime":{{1_700_000_000 + version}},"MsgType":"event","Event":"add_express_path","DeliveryID":"TEST","WayBillId":"TEST1234567890","OrderId":"relay-bench","Version":{{version}},"Count":2,"Actions":[{"ActionTime":1700000000,"ActionType":100001,"ActionMsg":"揽件成功"},{"ActionTime":{{1_700_000_000 + version}},"ActionType":200001,"ActionMsg":"快件已到达【广州转运中心】"}]}""";
}
