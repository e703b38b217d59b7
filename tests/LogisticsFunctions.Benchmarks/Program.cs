using System.Globalization;
using BenchmarkDotNet.Running;
using LogisticsFunctions.Benchmarks;
using LogisticsFunctions.Benchmarks.CommandLine;
using LogisticsFunctions.Benchmarks.Load;
using LogisticsFunctions.Benchmarks.Startup;

// See README.md. `-- load …` and `-- startup …` measure the published worker under the gRPC test host;
// `-- push-latency [count]` times ExpressPathPush against Azurite (PushLatency.cs); anything else goes to
// BenchmarkDotNet, e.g. `-- --filter '*'`.
try
{
    return args switch
    {
        ["load", .. var rest] => await LoadCommand.RunAsync(LoadOptions.Parse(new CommandLineArguments(rest))),
        ["startup", .. var rest] => await StartupCommand.RunAsync(StartupOptions.Parse(new CommandLineArguments(rest))),
        ["push-latency", ..] => await RunPushLatencyAsync(args),
        _ => RunBenchmarkDotNet(args),
    };
}
catch (UsageException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    await Console.Error.WriteLineAsync();
    await Console.Error.WriteLineAsync(UsageException.Usage);
    return 2;
}

static async Task<int> RunPushLatencyAsync(string[] args)
{
    await PushLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
    return 0;
}

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(GetPathBenchmarks).Assembly).Run(args);
    return 0;
}
