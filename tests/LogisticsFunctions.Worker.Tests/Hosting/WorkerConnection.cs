using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using LogisticsFunctions.Worker.Tests.Rpc;
using GrpcException = Grpc.Core.RpcException;

namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>
/// The host's side of the worker's EventStream: it queues messages for the worker, and routes what the
/// worker sends to whoever waits for it (keyed by the kind of answer and its function or invocation id).
/// </summary>
internal sealed class WorkerConnection : IDisposable
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<StartStream> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _streamEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly WorkerOutput _output;
    private int _streams;

    public WorkerConnection(WorkerOutput output)
    {
        _output = output;
    }

    /// <summary>Completes with the worker's StartStream message when it opens the stream.</summary>
    public Task<StartStream> Connected => _connected.Task;

    public bool IsConnected => _connected.Task.IsCompletedSuccessfully;

    /// <summary>Completes when the worker's stream has ended, for whatever reason.</summary>
    public Task StreamEnded => _streamEnded.Task;

    internal static string InitKey => "init";

    internal static string MetadataKey => "metadata";

    internal static string LoadKey(string functionId) => $"load:{functionId}";

    internal static string InvocationKey(string invocationId) => $"invocation:{invocationId}";

    /// <summary>Registers a waiter under <paramref name="key"/>, then sends <paramref name="message"/>.</summary>
    public Task<StreamingMessage> SendAsync(string key, StreamingMessage message)
    {
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(key, answer))
        {
            throw new InvalidOperationException($"A request '{key}' is already waiting for the worker.");
        }

        if (_streamEnded.Task.IsCompleted || !_outgoing.Writer.TryWrite(message))
        {
            _pending.TryRemove(key, out _);
            answer.TrySetException(new InvalidOperationException("The worker's event stream has ended."));
        }

        return answer.Task;
    }

    public void Forget(string key) => _pending.TryRemove(key, out _);

    /// <summary>Sends <paramref name="message"/>, which the worker does not answer; false when the stream has ended.</summary>
    public bool Post(StreamingMessage message) => !_streamEnded.Task.IsCompleted && _outgoing.Writer.TryWrite(message);

    /// <summary>Runs one EventStream call for as long as the worker keeps it open (or until shutdown).</summary>
    public async Task RunAsync(
        IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream,
        ServerCallContext context)
    {
        if (Interlocked.Increment(ref _streams) != 1)
        {
            _output.AddHostNote("a second EventStream was opened and refused");
            throw new GrpcException(new Status(StatusCode.FailedPrecondition, "The test host serves one worker stream."));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _shutdown.Token);
        var writer = WriteAllAsync(responseStream, stop.Token);
        try
        {
            while (await requestStream.MoveNext(stop.Token))
            {
                Dispatch(requestStream.Current);
            }

            _output.AddHostNote("the worker closed its event stream");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutdown by the host, or the worker's call was aborted.
        }
        catch (IOException exception)
        {
            _output.AddHostNote($"the worker's event stream broke: {exception.Message}");
        }
        catch (GrpcException exception) when (exception.StatusCode == StatusCode.Cancelled)
        {
            _output.AddHostNote("the worker cancelled its event stream");
        }
        finally
        {
            _streamEnded.TrySetResult();
            _outgoing.Writer.TryComplete();
            foreach (var key in _pending.Keys)
            {
                if (_pending.TryRemove(key, out var waiter))
                {
                    waiter.TrySetException(new InvalidOperationException("The worker's event stream ended before it answered."));
                }
            }

            await stop.CancelAsync();
            try
            {
                await writer;
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or InvalidOperationException)
            {
                // The stream is gone; nothing more can be written.
            }
        }
    }

    /// <summary>Ends the worker's stream from the host's side so that Kestrel can stop at once.</summary>
    public void Shutdown()
    {
        _outgoing.Writer.TryComplete();
        _shutdown.Cancel();
    }

    public void Dispose() => _shutdown.Dispose();

    private async Task WriteAllAsync(IServerStreamWriter<StreamingMessage> responseStream, CancellationToken cancellationToken)
    {
        await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken))
        {
            await responseStream.WriteAsync(message, cancellationToken);
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                _output.AddHostNote($"worker connected: StartStream worker_id={message.StartStream.WorkerId}");
                _connected.TrySetResult(message.StartStream);
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                _output.AddLog(message.RpcLog);
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                Complete(InitKey, message);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                Complete(MetadataKey, message);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                Complete(LoadKey(message.FunctionLoadResponse.FunctionId), message);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                Complete(InvocationKey(message.InvocationResponse.InvocationId), message);
                break;
            case StreamingMessage.ContentOneofCase.WorkerStatusResponse:
                break;
            default:
                _output.AddHostNote($"ignored a message from the worker: {message.ContentCase}");
                break;
        }
    }

    private void Complete(string key, StreamingMessage message)
    {
        if (_pending.TryRemove(key, out var waiter))
        {
            waiter.TrySetResult(message);
        }
        else
        {
            _output.AddHostNote($"unexpected {message.ContentCase} from the worker (nothing waited for '{key}')");
        }
    }
}

/// <summary>The gRPC service the worker connects to; all state lives in the singleton <see cref="WorkerConnection"/>.</summary>
internal sealed class FunctionRpcService(WorkerConnection connection) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream,
        ServerCallContext context) => connection.RunAsync(requestStream, responseStream, context);
}
