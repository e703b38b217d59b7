namespace LogisticsFunctions.Benchmarks.TokenFlood;

/// <summary>Where the flood's requests go: the published worker, or the app's services in this process.</summary>
public interface IFloodTarget : IAsyncDisposable
{
    /// <summary>The process whose CPU and memory the flood measures.</summary>
    int ProcessId { get; }

    /// <summary>Whether that process is this one (then its allocations can be counted too).</summary>
    bool InProcess { get; }

    /// <summary>One GetPath request; what came of it, and the length of its exception as text when it was read.</summary>
    Task<FloodCall> CallAsync();
}

/// <summary>What one request of the flood ended with, in a word or two, and its exception's length as text (0: not read).</summary>
public readonly record struct FloodCall(string Outcome, int ExceptionTextLength);
