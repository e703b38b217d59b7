using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LogisticsFunctions.Tests.Push;

/// <summary>
/// Azurite, the Azure Storage emulator, as a child process on loopback: blob and queue on free ports
/// (port 0, read back from its "successfully listening at" lines), data in memory only, no telemetry.
/// Installed by <c>npm ci --prefix tools/azurite</c>; without it the tests fail saying so, never skip.
/// </summary>
internal sealed partial class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account; its key is public, published with the emulator.</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _workDirectory;

    private AzuriteServer(Process process, StringBuilder output, string workDirectory, int blobPort, int queuePort)
    {
        _process = process;
        _output = output;
        _workDirectory = workDirectory;
        BlobPort = blobPort;
        QueuePort = queuePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    /// <summary>A connection string for the development account at this instance's ports.</summary>
    public string ConnectionString => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};");

    public static async Task<AzuriteServer> StartAsync()
    {
        var executable = Path.Combine(RepositoryRoot(), "tools", "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({executable} is missing): run 'npm ci --prefix tools/azurite' in the repository root (needs Node.js and npm).");
        }

        var workDirectory = Directory.CreateTempSubdirectory("azurite-").FullName;
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workDirectory,
        };
        foreach (var argument in new[]
        {
            "--inMemoryPersistence", "--extentMemoryLimit", "256", "--disableTelemetry", "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--blobPort", "0",
            "--queueHost", "127.0.0.1", "--queuePort", "0",
            "--tableHost", "127.0.0.1", "--tablePort", "0",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var blob = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            var listening = Listening().Match(line);
            if (listening.Success)
            {
                var port = int.Parse(listening.Groups["port"].Value, CultureInfo.InvariantCulture);
                (listening.Groups["service"].Value == "Blob" ? blob : listening.Groups["service"].Value == "Queue" ? queue : null)?.TrySetResult(port);
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            blob.TrySetException(new InvalidOperationException("Azurite exited before it listened"));
            queue.TrySetException(new InvalidOperationException("Azurite exited before it listened"));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        try
        {
            var ports = await Task.WhenAll(blob.Task, queue.Task).WaitAsync(StartTimeout);
            return new AzuriteServer(process, output, workDirectory, ports[0], ports[1]);
        }
        catch (Exception ex)
        {
            Stop(process);
            process.Dispose();
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            throw new InvalidOperationException($"Azurite did not start ({ex.Message}). Its output:{Environment.NewLine}{text}", ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop(_process);
        _process.Dispose();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }

    public override string ToString()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LogisticsFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LogisticsFunctions.sln above '{AppContext.BaseDirectory}': cannot find tools/azurite.");
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at https?://[^:]+:(?<port>\d+)")]
    private static partial Regex Listening();
}
