using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>
/// Stands in for the Functions host's queue listener, which Core Tools would run and which cannot run here. It
/// plays what the WebJobs Storage Queues extension does for one queue-triggered function against Azurite, with
/// the app's host.json values: poll (from 100 ms, doubling while the queue is empty, up to
/// <c>maxPollingInterval</c>), dequeue up to <c>batchSize</c> messages hidden for the 10-minute lease, invoke the
/// function for each, then delete the message on success; on failure make it visible again after
/// <c>visibilityTimeout</c>, or once it has been dequeued <c>maxDequeueCount</c> times, copy it to
/// <c>&lt;queue&gt;-poison</c> and delete it (a message dequeued more often than that is moved without an
/// invocation). It is a test double of the host, not the host: its timing is this loop's, not Azure's.
/// </summary>
public sealed class HostQueueListener : IAsyncDisposable
{
    public static readonly TimeSpan MaxPollingInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);
    public const int BatchSize = 16;
    public const int MaxDequeueCount = 5;

    /// <summary>How long a dequeued message stays hidden while its invocation runs (the extension's lease).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly FunctionsTestHost _host;
    private readonly string _functionName;
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _invocations;
    private int _failures;

    private HostQueueListener(FunctionsTestHost host, string functionName, QueueClient queue, QueueClient poison)
    {
        _host = host;
        _functionName = functionName;
        _queue = queue;
        _poison = poison;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Invocations so far, failed ones included.</summary>
    public int Invocations => Volatile.Read(ref _invocations);

    public int Failures => Volatile.Read(ref _failures);

    public static HostQueueListener Start(FunctionsTestHost host, string functionName, string connectionString, string queueName)
    {
        ArgumentNullException.ThrowIfNull(host);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        return new HostQueueListener(
            host,
            functionName,
            new QueueClient(connectionString, queueName, options),
            new QueueClient(connectionString, queueName + "-poison", options));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting.
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var delay = MinPollingInterval;
        while (!stop.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await _queue.ReceiveMessagesAsync(BatchSize, Lease, stop)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // The queue does not exist yet: the host keeps polling.
                messages = [];
            }

            if (messages.Length == 0)
            {
                await Task.Delay(delay, stop);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollingInterval.Ticks));
                continue;
            }

            delay = MinPollingInterval;
            await Task.WhenAll(messages.Select(message => ProcessAsync(message, stop)));
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stop)
    {
        if (message.DequeueCount > MaxDequeueCount)
        {
            await PoisonAsync(message, stop);
            return;
        }

        Interlocked.Increment(ref _invocations);
        bool succeeded;
        try
        {
            succeeded = await _host.InvokeQueueAsync(_functionName, message, stop);
        }
        catch (FunctionsTestHostException)
        {
            succeeded = false;
        }

        if (succeeded)
        {
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stop);
            return;
        }

        Interlocked.Increment(ref _failures);
        if (message.DequeueCount >= MaxDequeueCount)
        {
            await PoisonAsync(message, stop);
        }
        else
        {
            await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: VisibilityTimeout, cancellationToken: stop);
        }
    }

    private async Task PoisonAsync(QueueMessage message, CancellationToken stop)
    {
        await _poison.CreateIfNotExistsAsync(cancellationToken: stop);
        await _poison.SendMessageAsync(message.Body, cancellationToken: stop);
        await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stop);
    }
}
