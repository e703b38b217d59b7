namespace LogisticsFunctions.Benchmarks.CommandLine;

/// <summary>The command line asks for something the tool cannot do; the message says what, and the usage follows it.</summary>
public sealed class UsageException : Exception
{
    public const string Usage = """
        Usage (from the repository root, after publishing the worker):
          dotnet run -c Release --project tests/LogisticsFunctions.Benchmarks -- load --worker DIR
              [--concurrency 1,4,8,16,32,64,128] [--duration 20] [--warmup 15] [--wechat-latency-ms 150]
              [--sample-interval-ms 100]
          dotnet run -c Release --project tests/LogisticsFunctions.Benchmarks -- startup --worker DIR [--worker DIR2 ...]
              [--runs 10] [--warm-requests 20] [--wechat-latency-ms 150]
          dotnet run -c Release --project tests/LogisticsFunctions.Benchmarks -- relay --worker DIR
              [--events 2000] [--pushes 200] [--idle-gap-ms 5000]
          dotnet run -c Release --project tests/LogisticsFunctions.Benchmarks -- token-flood [--worker DIR | --read-exceptions yes]
              [--requests 10000] [--batch 1000] [--warmup 1000] [--concurrency 64] [--sample-interval-ms 20]
          dotnet run -c Release --project tests/LogisticsFunctions.Benchmarks -- <BenchmarkDotNet arguments, e.g. --filter '*'>
        DIR is a published worker folder (holding worker.config.json), e.g. from
          dotnet publish src/LogisticsFunctions/LogisticsFunctions.csproj -c Release -o artifacts/worker
        Durations are in seconds.
        """;

    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
