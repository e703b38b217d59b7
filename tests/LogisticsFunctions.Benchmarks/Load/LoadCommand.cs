using System.Diagnostics;
using System.Globalization;
using System.Text;
using LogisticsFunctions.Benchmarks.Measurement;
using LogisticsFunctions.Worker.Tests;
using LogisticsFunctions.Worker.Tests.Hosting;
using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Benchmarks.Load;

/// <summary>
/// <c>load</c>: the published worker under the gRPC test host against a WeChat that answers after a set latency.
/// Each concurrency level gets a worker of its own (a worker keeps the memory its busiest moment took, so one
/// worker for all levels would report the highest level's memory at every level): start, warm up at that
/// level, then measure for the set time while the worker's memory is sampled. The report is a markdown table
/// on stdout with throughput, latency as the host sees it, CPU and memory.
/// </summary>
public static class LoadCommand
{
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var weChat = await DistantWeChat.StartAsync(options.WeChatLatency, cancellationToken);
        var steps = new List<LoadStepResult>();
        var idleCores = double.NaN;
        foreach (var concurrency in options.Concurrency)
        {
            var isLast = steps.Count == options.Concurrency.Count - 1;
            var (step, idle) = await RunLevelAsync(options, weChat, concurrency, measureIdleAfterwards: isLast, cancellationToken);
            steps.Add(step);
            if (step.Errors > 0)
            {
                break;
            }

            idleCores = idle ?? idleCores;
        }

        await Console.Out.WriteAsync(Report(options, weChat, idleCores, steps));
        return steps.Count == options.Concurrency.Count && steps.All(step => step.Errors == 0) ? 0 : 1;
    }

    private static async Task<(LoadStepResult Step, double? IdleCores)> RunLevelAsync(
        LoadOptions options, WeChatSimulatorServer weChat, int concurrency, bool measureIdleAfterwards, CancellationToken cancellationToken)
    {
        RunDescription.Progress($"{concurrency} callers: starting a worker");
        await using var host = await FunctionsTestHost.StartAsync(new FunctionsTestHostOptions
        {
            WorkerDirectory = options.WorkerDirectory,
            AppSettings = WorkerSettings.Complete(weChat.BaseAddress),
        }, cancellationToken);
        using var worker = Process.GetProcessById(host.ProcessId);
        using var self = Process.GetCurrentProcess();
        var ready = ProcessStatus.TryRead(host.ProcessId)?.RssKiB ?? 0;
        await using var memory = MemorySampler.Start(host.ProcessId, options.SampleInterval);

        if (options.Warmup > TimeSpan.Zero)
        {
            RunDescription.Progress($"{concurrency} callers: warming up for {options.Warmup.TotalSeconds} s");
            var warmup = await ConcurrentGetPath.RunAsync(host, concurrency, options.Warmup, cancellationToken);
            if (warmup.Errors > 0)
            {
                throw new InvalidOperationException($"The warm-up at {concurrency} callers had {warmup.Errors} failed calls; first: {warmup.FirstError}");
            }
        }

        RunDescription.Progress($"{concurrency} callers: measuring for {options.Duration.TotalSeconds} s");
        memory.TakeWindow();
        var (workerCpuBefore, selfCpuBefore) = (Cpu(worker), Cpu(self));
        var outcome = await ConcurrentGetPath.RunAsync(host, concurrency, options.Duration, cancellationToken);
        var (workerCpu, selfCpu) = (Cpu(worker) - workerCpuBefore, Cpu(self) - selfCpuBefore);
        var (peak, samples) = memory.TakeWindow();
        var step = new LoadStepResult(
            concurrency, outcome.Elapsed, new LatencySummary(outcome.LatencyTicks), outcome.Errors, outcome.FirstError,
            workerCpu, selfCpu, ready, peak, samples, ProcessStatus.TryRead(host.ProcessId)?.HighWaterMarkKiB ?? 0);

        double? idleCores = null;
        if (measureIdleAfterwards)
        {
            // Background work (tiered JIT, timers, GC) that goes on without requests.
            RunDescription.Progress($"idle for {IdleWindow.TotalSeconds} s");
            var idleBefore = Cpu(worker);
            await Task.Delay(IdleWindow, cancellationToken);
            idleCores = (Cpu(worker) - idleBefore) / IdleWindow;
        }

        return (step, idleCores);
    }

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static string Report(LoadOptions options, WeChatSimulatorServer weChat, double idleCores, List<LoadStepResult> steps)
    {
        var table = new MarkdownTable(
            "Concurrency", "Requests/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "Worker CPU ms/request", "Worker cores busy",
            "Test host + simulator CPU ms/request", "RSS ready MiB", "Peak RSS MiB", "VmHWM MiB", "Errors");
        foreach (var step in steps)
        {
            table.Add(
                step.Concurrency.ToString(CultureInfo.InvariantCulture),
                RunDescription.Number(step.RequestsPerSecond, "0.0"),
                RunDescription.Ms(step.Latency.Median),
                RunDescription.Ms(step.Latency.Milliseconds(90)),
                RunDescription.Ms(step.Latency.Milliseconds(99)),
                RunDescription.Ms(step.Latency.Max),
                RunDescription.Number(step.WorkerCpuPerRequestMs, "0.00"),
                RunDescription.Number(step.WorkerCores, "0.00"),
                RunDescription.Number(step.HostSideCpuPerRequestMs, "0.00"),
                RunDescription.MiB(step.ReadyRssKiB),
                RunDescription.MiB(step.PeakRssKiB),
                RunDescription.MiB(step.HighWaterMarkKiB),
                step.Errors.ToString(CultureInfo.InvariantCulture));
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## load: {options.WorkerDirectory}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {RunDescription.Machine}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- WeChat latency (stable_token and path/get): {options.WeChatLatency.TotalMilliseconds} ms; a fresh worker per level, warmed up at that level for {options.Warmup.TotalSeconds} s, then {options.Duration.TotalSeconds} s measured");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Memory sampled every {options.SampleInterval.TotalMilliseconds} ms ({string.Join(", ", steps.Select(step => step.MemorySamples))} samples per level); VmHWM is the kernel's peak since the worker started, warm-up included");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Worker CPU while idle for {IdleWindow.TotalSeconds} s after the last level: {RunDescription.Number(idleCores, "0.000")} cores");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- WeChat saw {weChat.PathGetCalls} path/get and {weChat.StableTokenCalls} stable_token calls in all");
        foreach (var step in steps.Where(step => step.FirstError is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- First error at {step.Concurrency}: {step.FirstError}");
        }

        text.AppendLine();
        text.Append(table);
        return text.ToString();
    }
}
