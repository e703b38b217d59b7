using System.Diagnostics;
using System.Globalization;
using System.Text;
using LogisticsFunctions.Benchmarks.Measurement;
using LogisticsFunctions.Worker.Tests;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Benchmarks.Load;

/// <summary>
/// <c>load</c>: the published worker under the gRPC test host against a WeChat that answers after a set latency.
/// After a warm-up, each concurrency level runs for the set time while the worker's memory is sampled; the report
/// is a markdown table on stdout with throughput, latency as the host sees it, worker CPU and peak memory.
/// </summary>
public static class LoadCommand
{
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var weChat = await DistantWeChat.StartAsync(options.WeChatLatency);
        RunDescription.Progress($"starting the worker in {options.WorkerDirectory}");
        await using var host = await FunctionsTestHost.StartAsync(new FunctionsTestHostOptions
        {
            WorkerDirectory = options.WorkerDirectory,
            AppSettings = WorkerSettings.Complete(weChat.BaseAddress),
        });
        using var worker = Process.GetProcessById(host.ProcessId);
        var atStart = ProcessStatus.TryRead(host.ProcessId);
        await using var memory = MemorySampler.Start(host.ProcessId, options.SampleInterval);

        if (options.Warmup > TimeSpan.Zero)
        {
            var warmupConcurrency = options.Concurrency.Max();
            RunDescription.Progress($"warming up: {warmupConcurrency} callers for {options.Warmup.TotalSeconds} s");
            var warmup = await ConcurrentGetPath.RunAsync(host, warmupConcurrency, options.Warmup);
            if (warmup.Errors > 0)
            {
                await Console.Error.WriteLineAsync($"The warm-up had {warmup.Errors} failed calls; first: {warmup.FirstError}");
                return 1;
            }
        }

        var afterWarmup = ProcessStatus.TryRead(host.ProcessId);

        // Background work (tiered JIT, timers, GC) that runs without requests would otherwise be billed to the first level.
        RunDescription.Progress($"idle for {IdleWindow.TotalSeconds} s");
        worker.Refresh();
        var idleCpuBefore = worker.TotalProcessorTime;
        await Task.Delay(IdleWindow);
        worker.Refresh();
        var idleCores = (worker.TotalProcessorTime - idleCpuBefore) / IdleWindow;

        var steps = new List<LoadStepResult>();
        foreach (var concurrency in options.Concurrency)
        {
            RunDescription.Progress($"{concurrency} callers for {options.Duration.TotalSeconds} s");
            memory.TakeWindow();
            worker.Refresh();
            var cpuBefore = worker.TotalProcessorTime;
            var outcome = await ConcurrentGetPath.RunAsync(host, concurrency, options.Duration);
            worker.Refresh();
            var cpu = worker.TotalProcessorTime - cpuBefore;
            var (peak, samples) = memory.TakeWindow();
            steps.Add(new LoadStepResult(
                concurrency, outcome.Elapsed, new LatencySummary(outcome.LatencyTicks), outcome.Errors, outcome.FirstError,
                cpu, peak, samples, ProcessStatus.TryRead(host.ProcessId)?.HighWaterMarkKiB ?? 0));
        }

        await Console.Out.WriteAsync(Report(options, weChat.PathGetCalls, weChat.StableTokenCalls, atStart, afterWarmup, idleCores, steps));
        return steps.Any(step => step.Errors > 0) || host.HasExited ? 1 : 0;
    }

    private static string Report(
        LoadOptions options, int pathGetCalls, int stableTokenCalls, ProcessStatus? atStart, ProcessStatus? afterWarmup, double idleCores, List<LoadStepResult> steps)
    {
        var table = new MarkdownTable(
            "Concurrency", "Requests", "Requests/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
            "Worker CPU ms/request", "Worker cores busy", "Peak RSS MiB", "VmHWM MiB", "Errors");
        foreach (var step in steps)
        {
            table.Add(
                step.Concurrency.ToString(CultureInfo.InvariantCulture),
                step.Latency.Count.ToString(CultureInfo.InvariantCulture),
                RunDescription.Number(step.RequestsPerSecond, "0.0"),
                RunDescription.Ms(step.Latency.Median),
                RunDescription.Ms(step.Latency.Milliseconds(90)),
                RunDescription.Ms(step.Latency.Milliseconds(99)),
                RunDescription.Ms(step.Latency.Max),
                RunDescription.Number(step.WorkerCpuPerRequestMs, "0.00"),
                RunDescription.Number(step.WorkerCores, "0.00"),
                RunDescription.MiB(step.PeakRssKiB),
                RunDescription.MiB(step.HighWaterMarkKiB),
                step.Errors.ToString(CultureInfo.InvariantCulture));
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## load: {options.WorkerDirectory}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {RunDescription.Machine}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- WeChat latency (stable_token and path/get): {options.WeChatLatency.TotalMilliseconds} ms; {options.Duration.TotalSeconds} s per level after a {options.Warmup.TotalSeconds} s warm-up at {options.Concurrency.Max()} callers");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Worker RSS: {Describe(atStart)} when ready, {Describe(afterWarmup)} after the warm-up; memory sampled every {options.SampleInterval.TotalMilliseconds} ms ({string.Join(", ", steps.Select(step => step.MemorySamples))} samples per level)");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Worker CPU while idle for {IdleWindow.TotalSeconds} s after the warm-up: {RunDescription.Number(idleCores, "0.000")} cores");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- WeChat saw {pathGetCalls} path/get and {stableTokenCalls} stable_token calls");
        foreach (var step in steps.Where(step => step.FirstError is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- First error at {step.Concurrency}: {step.FirstError}");
        }

        text.AppendLine();
        text.Append(table);
        return text.ToString();
    }

    private static string Describe(ProcessStatus? status) =>
        status is { } s ? $"{RunDescription.MiB(s.RssKiB)} MiB (peak so far {RunDescription.MiB(s.HighWaterMarkKiB)} MiB)" : "unknown (worker gone)";
}
