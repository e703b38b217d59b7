using System.Diagnostics;
using System.Text;

namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>
/// The published worker under test, once per test run: the folder named by
/// <c>LOGISTICSFUNCTIONS_WORKER_DIR</c> when set, else a fresh <c>dotnet publish</c> of
/// src/LogisticsFunctions into artifacts/worker-tests/publish.
/// </summary>
public sealed class PublishedWorkerFixture : IAsyncLifetime
{
    public const string WorkerDirectoryVariable = "LOGISTICSFUNCTIONS_WORKER_DIR";

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);

    private string? _workerDirectory;

    public string WorkerDirectory => _workerDirectory ?? throw new InvalidOperationException("The fixture has not been initialized.");

    /// <summary>Options for a host over the published worker with the given app settings.</summary>
    public FunctionsTestHostOptions HostOptions(IReadOnlyDictionary<string, string?> appSettings) =>
        new() { WorkerDirectory = WorkerDirectory, AppSettings = appSettings };

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(WorkerDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            var directory = Path.GetFullPath(given);
            if (!File.Exists(Path.Combine(directory, "worker.config.json")))
            {
                throw new InvalidOperationException($"{WorkerDirectoryVariable}='{given}' holds no worker.config.json: it is not a published worker folder.");
            }

            _workerDirectory = directory;
            return;
        }

        var root = FindRepositoryRoot();
        var project = Path.Combine(root, "src", "LogisticsFunctions", "LogisticsFunctions.csproj");
        var output = Path.Combine(root, "artifacts", "worker-tests", "publish");
        await PublishAsync(project, output);
        _workerDirectory = output;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The folder holding LogisticsFunctions.sln (or .slnx), found by walking up from the test binaries.</summary>
    internal static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LogisticsFunctions.sln"))
                || File.Exists(Path.Combine(directory.FullName, "LogisticsFunctions.slnx"))
                || File.Exists(Path.Combine(directory.FullName, "src", "LogisticsFunctions", "LogisticsFunctions.csproj")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No LogisticsFunctions.sln above '{AppContext.BaseDirectory}'; set {WorkerDirectoryVariable} to a published worker folder instead.");
    }

    private static async Task PublishAsync(string project, string output)
    {
        var startInfo = new ProcessStartInfo(WorkerLaunch.DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        foreach (var argument in new[]
        {
            "publish", project, "-c", "Release", "-o", output,
            "-p:WarningsNotAsErrors=NU1603",
            // No MSBuild nodes or compiler server may outlive the test run.
            "--disable-build-servers", "-nologo",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Variables MSBuild and the test platform set for their own children would steer this build.
        foreach (var name in startInfo.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
            {
                startInfo.Environment.Remove(name);
            }
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";

        var log = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"dotnet publish of '{project}' took longer than {PublishTimeout.TotalMinutes} minutes.{Environment.NewLine}{Text(log)}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of '{project}' failed with exit code {process.ExitCode}.{Environment.NewLine}{Text(log)}");
        }

        if (!File.Exists(Path.Combine(output, "worker.config.json")))
        {
            throw new InvalidOperationException($"dotnet publish of '{project}' left no worker.config.json in '{output}'.{Environment.NewLine}{Text(log)}");
        }
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}

/// <summary>All tests that run the published worker share one publish and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedWorkerCollectionDefinition : ICollectionFixture<PublishedWorkerFixture>
{
    public const string Name = "Published worker";
}
