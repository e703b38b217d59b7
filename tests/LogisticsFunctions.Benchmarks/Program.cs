using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/LogisticsFunctions.Benchmarks -- --filter '*'`; see README.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
