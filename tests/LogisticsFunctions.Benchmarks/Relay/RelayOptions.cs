using LogisticsFunctions.Benchmarks.CommandLine;

namespace LogisticsFunctions.Benchmarks.Relay;

/// <summary>What <c>relay</c> runs: one published worker, a backlog of events to drain, and pushes to time one by one.</summary>
public sealed record RelayOptions(string WorkerDirectory, int Events, int Pushes, TimeSpan IdleGap)
{
    public static RelayOptions Parse(CommandLineArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var worker = arguments.Value("--worker") ?? throw new UsageException("relay needs --worker DIR, a published worker folder.");
        var options = new RelayOptions(
            CommandLineArguments.WorkerDirectory(worker),
            arguments.WholeNumber("--events", 2000, 1, 100_000),
            arguments.WholeNumber("--pushes", 200, 1, 10_000),
            TimeSpan.FromMilliseconds(arguments.WholeNumber("--idle-gap-ms", 5000, 0, 60_000)));
        arguments.EnsureAllUsed();
        return options;
    }
}
