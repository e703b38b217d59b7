using System.Diagnostics;
using System.Globalization;
using System.Text;
using LogisticsFunctions.Benchmarks.Measurement;
using LogisticsFunctions.Worker.Tests;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Benchmarks.Startup;

/// <summary>
/// <c>startup</c>: starts a fresh worker process again and again (the published folders taken in turn, so a change
/// in how busy the machine is falls on all of them alike) and times how soon it is ready and answers. The app
/// secret comes from settings (the local path, no Key Vault).
/// </summary>
public static class StartupCommand
{
    public static async Task<int> RunAsync(StartupOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var weChat = await DistantWeChat.StartAsync(options.WeChatLatency, cancellationToken);
        var settings = WorkerSettings.Complete(weChat.BaseAddress);

        // One start per folder that is not counted: it loads the runtime and the folder's files into the page cache,
        // which a measured start on Azure would also find there after the first.
        foreach (var directory in options.WorkerDirectories)
        {
            RunDescription.Progress($"unmeasured first start of {directory}");
            await MeasureOneAsync(directory, settings, options.WarmRequests, cancellationToken);
        }

        var samples = options.WorkerDirectories.ToDictionary(directory => directory, _ => new List<StartupSample>());
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var directory in options.WorkerDirectories)
            {
                RunDescription.Progress($"run {run}/{options.Runs}: {directory}");
                samples[directory].Add(await MeasureOneAsync(directory, settings, options.WarmRequests, cancellationToken));
            }
        }

        await Console.Out.WriteAsync(Report(options, samples));
        return 0;
    }

    private static async Task<StartupSample> MeasureOneAsync(
        string directory, Dictionary<string, string?> settings, int warmRequests, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await using var host = await FunctionsTestHost.StartAsync(
            new FunctionsTestHostOptions { WorkerDirectory = directory, AppSettings = settings }, cancellationToken);
        var ready = Stopwatch.GetTimestamp() - start;
        using var worker = Process.GetProcessById(host.ProcessId);
        var cpuAtReady = worker.TotalProcessorTime;

        var first = Succeeded(await TimedGetPath.CallAsync(host));
        worker.Refresh();
        var cpuAfterFirst = worker.TotalProcessorTime;
        var warm = new List<long>(warmRequests);
        for (var i = 0; i < warmRequests; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            warm.Add(Succeeded(await TimedGetPath.CallAsync(host)));
        }

        warm.Sort();
        var peak = ProcessStatus.TryRead(host.ProcessId)?.HighWaterMarkKiB ?? 0;
        return new StartupSample(ready, first, warm[(warm.Count - 1) / 2], peak, cpuAtReady, cpuAfterFirst);
    }

    // A failed call has no latency worth reporting: the measurement stops and says why.
    private static long Succeeded((long Ticks, string? Error) call) =>
        call.Error is null ? call.Ticks : throw new InvalidOperationException($"GetPath failed during the start-up measurement: {call.Error}");

    private static string Report(StartupOptions options, Dictionary<string, List<StartupSample>> samples)
    {
        var table = new MarkdownTable(
            "Worker", "Runs", "Ready ms (median)", "Ready ms (min–max)", "First GetPath ms (median)", "First GetPath ms (min–max)",
            "Warm GetPath ms (median)", "Warm GetPath ms (min–max)", "Worker CPU ms to ready (median)",
            "Worker CPU ms to first answer (median)", "VmHWM MiB (median)");
        foreach (var (directory, list) in samples)
        {
            var ready = new LatencySummary(list.Select(sample => sample.ReadyTicks));
            var first = new LatencySummary(list.Select(sample => sample.FirstRequestTicks));
            var warm = new LatencySummary(list.Select(sample => sample.WarmMedianTicks));
            var peak = Median(list.Select(sample => sample.HighWaterMarkKiB));
            var cpuReady = Median(list.Select(sample => sample.CpuAtReady.Ticks));
            var cpuFirst = Median(list.Select(sample => sample.CpuAfterFirstRequest.Ticks));
            table.Add(
                Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)),
                list.Count.ToString(CultureInfo.InvariantCulture),
                RunDescription.Ms(ready.Median), Range(ready),
                RunDescription.Ms(first.Median), Range(first),
                RunDescription.Ms(warm.Median), Range(warm),
                RunDescription.Ms(TimeSpan.FromTicks(cpuReady).TotalMilliseconds),
                RunDescription.Ms(TimeSpan.FromTicks(cpuFirst).TotalMilliseconds),
                RunDescription.MiB(peak));
        }

        var text = new StringBuilder();
        text.AppendLine("## startup");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {RunDescription.Machine}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Workers: {string.Join(", ", options.WorkerDirectories)}; taken in turn, {options.Runs} fresh processes each after one unmeasured start");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- WeChat latency (stable_token and path/get): {options.WeChatLatency.TotalMilliseconds} ms; AppSecret from settings (no Key Vault); warm = median of the {options.WarmRequests} calls after the first");
        text.AppendLine();
        text.Append(table);
        return text.ToString();
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted[(sorted.Count - 1) / 2];
    }

    private static string Range(LatencySummary summary) => $"{RunDescription.Ms(summary.Min)}–{RunDescription.Ms(summary.Max)}";
}
