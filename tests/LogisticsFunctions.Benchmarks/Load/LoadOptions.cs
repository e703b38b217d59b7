using LogisticsFunctions.Benchmarks.CommandLine;

namespace LogisticsFunctions.Benchmarks.Load;

/// <summary>What <c>load</c> runs: one published worker, a list of concurrency levels, each for a fixed time.</summary>
public sealed record LoadOptions(
    string WorkerDirectory,
    IReadOnlyList<int> Concurrency,
    TimeSpan Duration,
    TimeSpan Warmup,
    TimeSpan WeChatLatency,
    TimeSpan SampleInterval)
{
    /// <summary>
    /// One round trip from an Azure region to api.weixin.qq.com: a few tens of ms from East Asia, 150–250 ms from
    /// Europe or the US. 150 ms is a middle figure; change it with <c>--wechat-latency-ms</c>.
    /// </summary>
    public const int DefaultWeChatLatencyMs = 150;

    public static LoadOptions Parse(CommandLineArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var worker = arguments.Value("--worker") ?? throw new UsageException("load needs --worker DIR, a published worker folder.");
        var options = new LoadOptions(
            CommandLineArguments.WorkerDirectory(worker),
            arguments.WholeNumbers("--concurrency", [1, 4, 8, 16, 32, 64, 128], 1, 1000),
            TimeSpan.FromSeconds(arguments.WholeNumber("--duration", 20, 1, 3600)),
            TimeSpan.FromSeconds(arguments.WholeNumber("--warmup", 15, 0, 3600)),
            TimeSpan.FromMilliseconds(arguments.WholeNumber("--wechat-latency-ms", DefaultWeChatLatencyMs, 0, 5000)),
            TimeSpan.FromMilliseconds(arguments.WholeNumber("--sample-interval-ms", 100, 10, 10_000)));
        arguments.EnsureAllUsed();
        return options;
    }
}
