using System.Globalization;
using BenchmarkDotNet.Running;
using LogisticsFunctions.Benchmarks;

// `dotnet run -c Release --project tests/LogisticsFunctions.Benchmarks -- --filter '*'`; see README.md.
// `... -- push-latency [count]` times ExpressPathPush against Azurite instead (PushLatency.cs).
if (args is ["push-latency", ..])
{
    await PushLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
