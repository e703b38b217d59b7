using LogisticsFunctions.Benchmarks.CommandLine;
using LogisticsFunctions.Benchmarks.Load;

namespace LogisticsFunctions.Benchmarks.Startup;

/// <summary>What <c>startup</c> runs: fresh workers from one or more published folders, taken in turn.</summary>
public sealed record StartupOptions(
    IReadOnlyList<string> WorkerDirectories,
    int Runs,
    int WarmRequests,
    TimeSpan WeChatLatency)
{
    public static StartupOptions Parse(CommandLineArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var workers = arguments.All("--worker");
        if (workers.Count == 0)
        {
            throw new UsageException("startup needs --worker DIR (repeat it to compare published folders).");
        }

        var options = new StartupOptions(
            [.. workers.Select(CommandLineArguments.WorkerDirectory)],
            arguments.WholeNumber("--runs", 10, 1, 1000),
            arguments.WholeNumber("--warm-requests", 20, 1, 10_000),
            TimeSpan.FromMilliseconds(arguments.WholeNumber("--wechat-latency-ms", LoadOptions.DefaultWeChatLatencyMs, 0, 5000)));
        arguments.EnsureAllUsed();
        return options;
    }
}
