using System.Collections.Concurrent;
using LogisticsFunctions.Worker.Tests.Rpc;

namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>Everything the worker said: its stdout and stderr lines and the RpcLog messages it streamed.</summary>
public sealed class WorkerOutput
{
    private const int MaxDescribedLines = 400;

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<RpcLog> _logs = new();

    /// <summary>All captured lines in arrival order, each prefixed with its source ([stdout], [stderr], [log]).</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The RpcLog messages the worker sent over the gRPC stream.</summary>
    public IReadOnlyList<RpcLog> Logs => [.. _logs];

    public bool Contains(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    internal void AddStdout(string line) => _lines.Enqueue($"[stdout] {line}");

    internal void AddStderr(string line) => _lines.Enqueue($"[stderr] {line}");

    internal void AddHostNote(string line) => _lines.Enqueue($"[host] {line}");

    internal void AddLog(RpcLog log)
    {
        _logs.Enqueue(log);
        var text = $"[log {log.Level} {log.Category}] {log.Message}";
        if (log.Exception is { } exception && (exception.Message.Length > 0 || exception.StackTrace.Length > 0))
        {
            text += $"{Environment.NewLine}    exception: {exception.Message}{Environment.NewLine}{exception.StackTrace}";
        }

        _lines.Enqueue(text);
    }

    /// <summary>The captured lines as one text (the last <see cref="MaxDescribedLines"/> lines when there are more).</summary>
    public string Describe()
    {
        var lines = Lines;
        if (lines.Count <= MaxDescribedLines)
        {
            return string.Join(Environment.NewLine, lines);
        }

        return $"({lines.Count - MaxDescribedLines} earlier lines left out){Environment.NewLine}"
            + string.Join(Environment.NewLine, lines.Skip(lines.Count - MaxDescribedLines));
    }
}
