using System.Globalization;
using BenchmarkDotNet.Running;
using LogisticsFunctions.Benchmarks;
using LogisticsFunctions.Benchmarks.CommandLine;
using LogisticsFunctions.Benchmarks.Load;
using LogisticsFunctions.Benchmarks.Relay;
using LogisticsFunctions.Benchmarks.Startup;
using LogisticsFunctions.Benchmarks.TokenFlood;
using LogisticsFunctions.Worker.Tests.Hosting;

// See README.md. `-- load …` and `-- startup …` measure the published worker under the gRPC test host;
// `-- token-flood …` floods GetPath while stable_token is down (the published worker, or in process);
// `-- push-latency [count]` times ExpressPathPush against Azurite (PushLatency.cs); `-- relay …` measures the webhook
// relay in the published worker (Relay/RelayCommand.cs); anything else goes to
// BenchmarkDotNet, e.g. `-- --filter '*'`.
using var stop = new CancellationTokenSource();

// Ctrl+C stops the run but lets every worker process be ended and every port released on the way out.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
try
{
    return args switch
    {
        ["load", .. var rest] => await LoadCommand.RunAsync(LoadOptions.Parse(new CommandLineArguments(rest)), stop.Token),
        ["startup", .. var rest] => await StartupCommand.RunAsync(StartupOptions.Parse(new CommandLineArguments(rest)), stop.Token),
        ["token-flood", .. var rest] => await TokenFloodCommand.RunAsync(TokenFloodOptions.Parse(new CommandLineArguments(rest)), stop.Token),
        ["push-latency", ..] => await RunPushLatencyAsync(args),
        ["relay", .. var rest] => await RelayCommand.RunAsync(RelayOptions.Parse(new CommandLineArguments(rest)), stop.Token),
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
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("Stopped before the end: no report.");
    return 130;
}
catch (Exception exception) when (exception is FunctionsTestHostException or InvalidOperationException)
{
    // A worker that failed to start, or a call that failed where none may: the measurement is void.
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
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
