namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>
/// A failure of the test host or of the worker under it. <see cref="WorkerOutput"/> holds what the
/// worker printed and logged up to then; the message includes it so that a failing test shows it.
/// </summary>
public class FunctionsTestHostException : Exception
{
    public FunctionsTestHostException()
    {
        WorkerOutput = string.Empty;
    }

    public FunctionsTestHostException(string message)
        : base(message)
    {
        WorkerOutput = string.Empty;
    }

    public FunctionsTestHostException(string message, Exception innerException)
        : base(message, innerException)
    {
        WorkerOutput = string.Empty;
    }

    public FunctionsTestHostException(string message, string workerOutput, Exception? innerException = null)
        : base(Compose(message, workerOutput), innerException)
    {
        WorkerOutput = workerOutput;
    }

    /// <summary>The worker's stdout, stderr and RpcLog messages, one line each, as captured.</summary>
    public string WorkerOutput { get; }

    private static string Compose(string message, string workerOutput) =>
        $"{message}{Environment.NewLine}--- worker output ---{Environment.NewLine}{(workerOutput.Length == 0 ? "(none)" : workerOutput)}";
}

/// <summary>The worker process ended while the host was still waiting for something from it.</summary>
public sealed class WorkerExitedException : FunctionsTestHostException
{
    public WorkerExitedException()
    {
        Stage = string.Empty;
    }

    public WorkerExitedException(string message)
        : base(message)
    {
        Stage = string.Empty;
    }

    public WorkerExitedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Stage = string.Empty;
    }

    public WorkerExitedException(string stage, int exitCode, bool connected, string workerOutput)
        : base($"The worker process exited with code {exitCode} {(connected ? "after connecting to" : "before connecting to")} the test host, while the host was {stage}.", workerOutput)
    {
        Stage = stage;
        ExitCode = exitCode;
        Connected = connected;
    }

    /// <summary>What the host was waiting for when the worker exited.</summary>
    public string Stage { get; }

    public int ExitCode { get; }

    /// <summary>Whether the worker had opened its gRPC stream (sent StartStream) before it exited.</summary>
    public bool Connected { get; }
}
