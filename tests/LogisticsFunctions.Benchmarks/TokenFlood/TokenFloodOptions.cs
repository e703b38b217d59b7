using LogisticsFunctions.Benchmarks.CommandLine;

namespace LogisticsFunctions.Benchmarks.TokenFlood;

/// <summary>
/// What <c>token-flood</c> runs: requests while stable_token is down, through the published worker (<c>--worker</c>) or
/// through the app's services in this process, in batches whose costs are compared first to last.
/// </summary>
public sealed record TokenFloodOptions(
    string? WorkerDirectory,
    int Requests,
    int BatchSize,
    int Warmup,
    int Concurrency,
    bool ReadExceptions,
    TimeSpan SampleInterval)
{
    public static TokenFloodOptions Parse(CommandLineArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var worker = arguments.Value("--worker");
        var read = arguments.Value("--read-exceptions") switch
        {
            null or "no" => false,
            "yes" => true,
            var other => throw new UsageException($"Option --read-exceptions takes yes or no, not '{other}'."),
        };
        if (read && worker is not null)
        {
            throw new UsageException("--read-exceptions yes is for the in-process flood: the worker's exceptions never reach this process.");
        }

        var options = new TokenFloodOptions(
            worker is null ? null : CommandLineArguments.WorkerDirectory(worker),
            arguments.WholeNumber("--requests", 10_000, 1, 10_000_000),
            arguments.WholeNumber("--batch", 1_000, 1, 1_000_000),
            arguments.WholeNumber("--warmup", 1_000, 0, 1_000_000),
            arguments.WholeNumber("--concurrency", 64, 1, 10_000),
            read,
            TimeSpan.FromMilliseconds(arguments.WholeNumber("--sample-interval-ms", 20, 5, 10_000)));
        arguments.EnsureAllUsed();
        return options;
    }
}
