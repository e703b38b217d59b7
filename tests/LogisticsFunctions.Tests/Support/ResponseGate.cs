namespace LogisticsFunctions.Tests.Support;

/// <summary>
/// Holds back the answers to requests whose path ends with a given suffix: the request reaches the
/// server and is answered at once, but the answer arrives only when the test opens the gate, as a slow
/// network would deliver it. Records Activity.Current as each such request was sent. The factory builds
/// a handler pipeline per client and may rebuild it, so <see cref="CreateHandler"/> makes a handler each time.
/// </summary>
internal sealed class ResponseGate(string pathSuffix)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _open = CompletedSource();

    private string PathSuffix { get; } = pathSuffix;

    /// <summary>The trace id of Activity.Current at the moment each matching request was sent (null when none).</summary>
    public List<string?> TraceIdsSeen { get; } = [];

    /// <summary>Holds the answers of matching requests from now until <see cref="Open"/>.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Open()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    public DelegatingHandler CreateHandler() => new Handler(this);

    private Task Arrive()
    {
        lock (_gate)
        {
            TraceIdsSeen.Add(System.Diagnostics.Activity.Current?.TraceId.ToHexString());
            return _open.Task;
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }

    private sealed class Handler(ResponseGate gate) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.EndsWith(gate.PathSuffix, StringComparison.Ordinal) != true)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            var open = gate.Arrive();
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            await open.WaitAsync(cancellationToken);
            return response;
        }
    }
}
