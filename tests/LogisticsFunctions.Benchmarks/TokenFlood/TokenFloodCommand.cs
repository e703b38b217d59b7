using System.Diagnostics;
using System.Globalization;
using System.Text;
using LogisticsFunctions.Benchmarks.Measurement;
using LogisticsFunctions.Worker.Tests;
using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Benchmarks.TokenFlood;

/// <summary>
/// <c>token-flood</c>: stable_token is down (the simulator answers it HTTP 503, which the app retries, then remembers
/// as a failure for its cool-down) while a flood of GetPath requests comes in, so every request fails on the token. The
/// requests are sent in batches at a fixed concurrency after an unmeasured warm-up, and each batch reports the CPU
/// per request and the peak memory of the process serving them: a failure whose cost grows with the number of callers
/// shows as batches getting dearer, a flat table as the opposite.
/// </summary>
public static class TokenFloodCommand
{
    public static async Task<int> RunAsync(TokenFloodOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var weChat = await WeChatSimulatorServer.StartAsync(cancellationToken: cancellationToken);
        weChat.SetPersistentFault(SimulatorEndpoint.StableToken, SimulatorFault.HttpStatus(503));
        RunDescription.Progress(options.WorkerDirectory is null ? "starting the app in this process" : "starting the published worker");
        await using IFloodTarget target = options.WorkerDirectory is { } directory
            ? await PublishedWorkerTarget.StartAsync(directory, weChat.BaseAddress, cancellationToken)
            : InProcessTarget.Start(weChat.BaseAddress, WorkerSettings.SimulatorAppId, WorkerSettings.SimulatorAppSecret, options.ReadExceptions);
        using var process = Process.GetProcessById(target.ProcessId);
        await using var memory = MemorySampler.Start(target.ProcessId, options.SampleInterval);

        if (options.Warmup > 0)
        {
            RunDescription.Progress($"warming up: {options.Warmup} requests");
            await RunBatchAsync(target, options.Warmup, options.Concurrency, cancellationToken);
        }

        var batches = new List<FloodBatch>();
        for (var sent = 0; sent < options.Requests; sent += options.BatchSize)
        {
            var size = Math.Min(options.BatchSize, options.Requests - sent);
            RunDescription.Progress($"requests {sent + 1}–{sent + size}");
            memory.TakeWindow();
            var cpuBefore = Cpu(process);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var tokenCallsBefore = weChat.StableTokenCalls;
            var start = Stopwatch.GetTimestamp();
            var calls = await RunBatchAsync(target, size, options.Concurrency, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(start);
            var cpu = Cpu(process) - cpuBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var (peak, _) = memory.TakeWindow();
            batches.Add(new FloodBatch(
                sent + 1, sent + size, elapsed, cpu, target.InProcess ? allocated : null, peak,
                target.InProcess ? GC.GetTotalMemory(forceFullCollection: false) : null,
                calls.Max(call => call.ExceptionTextLength), weChat.StableTokenCalls - tokenCallsBefore,
                calls.GroupBy(call => call.Outcome).OrderByDescending(group => group.Count()).Select(group => (group.Key, group.Count())).ToList()));
        }

        await Console.Out.WriteAsync(Report(options, batches, ProcessStatus.TryRead(target.ProcessId)?.HighWaterMarkKiB ?? 0));
        return 0;
    }

    // `concurrency` callers, each sending its next request as soon as the last one answered, until `count` were sent.
    private static async Task<List<FloodCall>> RunBatchAsync(IFloodTarget target, int count, int concurrency, CancellationToken cancellationToken)
    {
        var next = 0;
        var calls = new FloodCall[count];
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(
            async () =>
            {
                for (var i = Interlocked.Increment(ref next) - 1; i < count && !cancellationToken.IsCancellationRequested; i = Interlocked.Increment(ref next) - 1)
                {
                    calls[i] = await target.CallAsync();
                }
            },
            CancellationToken.None)));
        cancellationToken.ThrowIfCancellationRequested();
        return [.. calls];
    }

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static string Report(TokenFloodOptions options, List<FloodBatch> batches, long highWaterMarkKiB)
    {
        var table = new MarkdownTable(
            "Requests", "Requests/s", "CPU ms/request", "Allocated KB/request", "Peak RSS MiB", "Managed heap MiB after",
            "Longest exception text", "stable_token calls", "Outcomes");
        foreach (var batch in batches)
        {
            table.Add(
                string.Create(CultureInfo.InvariantCulture, $"{batch.First:N0}–{batch.Last:N0}"),
                RunDescription.Number(batch.Requests / batch.Elapsed.TotalSeconds, "0"),
                RunDescription.Number(batch.Cpu.TotalMilliseconds / batch.Requests, "0.000"),
                batch.AllocatedBytes is { } allocated ? RunDescription.Number(allocated / 1024.0 / batch.Requests, "0.0") : "n/a",
                RunDescription.MiB(batch.PeakRssKiB),
                batch.HeapBytes is { } heap ? RunDescription.Number(heap / 1024.0 / 1024.0, "0.0") : "n/a",
                options.ReadExceptions ? batch.LongestExceptionText.ToString("N0", CultureInfo.InvariantCulture) : "not read",
                batch.StableTokenCalls.ToString(CultureInfo.InvariantCulture),
                string.Join("; ", batch.Outcomes.Take(2).Select(outcome => $"{outcome.Count} × {outcome.Outcome}")));
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## token-flood: {options.WorkerDirectory ?? "in process"}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {RunDescription.Machine}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- stable_token answers HTTP 503; {options.Concurrency} callers; {options.Warmup} requests of warm-up, then {options.Requests} in batches of {options.BatchSize}");
        var exceptions = options.ReadExceptions ? "formatted by each caller (ToString), as a log sink would" : "not read";
        text.AppendLine(options.WorkerDirectory is null
            ? $"- In process, through the app's WeChat client; exceptions {exceptions}; CPU and memory are this process's (the simulator's share is small: it only sees stable_token)"
            : "- The published worker under the gRPC test host; CPU and memory are the worker's");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Memory sampled every {options.SampleInterval.TotalMilliseconds} ms; VmHWM (the kernel's peak since start, warm-up included): {RunDescription.MiB(highWaterMarkKiB)} MiB");
        text.AppendLine();
        text.Append(table);
        return text.ToString();
    }

    private sealed record FloodBatch(
        int First,
        int Last,
        TimeSpan Elapsed,
        TimeSpan Cpu,
        long? AllocatedBytes,
        long PeakRssKiB,
        long? HeapBytes,
        int LongestExceptionText,
        int StableTokenCalls,
        List<(string Outcome, int Count)> Outcomes)
    {
        public int Requests => Last - First + 1;
    }
}
