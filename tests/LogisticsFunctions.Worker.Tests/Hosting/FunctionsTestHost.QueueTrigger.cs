using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using LogisticsFunctions.Worker.Tests.Rpc;

namespace LogisticsFunctions.Worker.Tests.Hosting;

public sealed partial class FunctionsTestHost
{
    /// <summary>
    /// Invokes a queue-triggered function with <paramref name="message"/> as the Functions host does once its
    /// queue listener has dequeued it (WebJobs Storage Queues extension 5.x): the trigger binding's input is the
    /// message's text (the listener's client decodes Base64) as a string, and the trigger metadata carries the
    /// extension's binding data — <c>QueueTrigger</c>, <c>Id</c> and <c>PopReceipt</c> as strings;
    /// <c>DequeueCount</c>, <c>InsertionTime</c>, <c>ExpirationTime</c> and <c>NextVisibleTime</c> serialised as
    /// JSON, as the host's RPC conversion writes any value that is not a string — plus the host's own <c>sys</c>.
    /// Returns whether the invocation succeeded; the caller decides, as the host's queue processor does, whether
    /// the message is deleted, released or moved to the poison queue.
    /// </summary>
    public async Task<bool> InvokeQueueAsync(string functionName, QueueMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var function = FindFunction(functionName);
        var triggerName = function.Bindings
            .Where(binding => string.Equals(binding.Value.Type, "queueTrigger", StringComparison.OrdinalIgnoreCase))
            .Select(binding => binding.Key)
            .FirstOrDefault()
            ?? throw new ArgumentException($"Function '{function.Name}' has no queueTrigger binding.", nameof(functionName));

        var text = message.Body.ToString();
        var request = NewInvocation(function);
        request.InputData.Add(new ParameterBinding { Name = triggerName, Data = new TypedData { String = text } });
        request.TriggerMetadata["QueueTrigger"] = new TypedData { String = text };
        request.TriggerMetadata["Id"] = new TypedData { String = message.MessageId };
        request.TriggerMetadata["PopReceipt"] = new TypedData { String = message.PopReceipt };
        request.TriggerMetadata["DequeueCount"] = new TypedData { Json = message.DequeueCount.ToString(CultureInfo.InvariantCulture) };
        request.TriggerMetadata["InsertionTime"] = JsonTime(message.InsertedOn ?? DateTimeOffset.UtcNow);
        request.TriggerMetadata["ExpirationTime"] = JsonTime(message.ExpiresOn ?? DateTimeOffset.MaxValue);
        request.TriggerMetadata["NextVisibleTime"] = JsonTime(message.NextVisibleOn ?? DateTimeOffset.MaxValue);
        request.TriggerMetadata["sys"] = new TypedData
        {
            Json = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["MethodName"] = function.Name,
                ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["RandGuid"] = Guid.NewGuid().ToString(),
            }),
        };

        var response = await SendInvocationAsync(function, request, cancellationToken);
        return response.Result?.Status == StatusResult.Types.Status.Success;
    }

    // Newtonsoft.Json's default for a DateTimeOffset, which the host uses: ISO 8601 with the offset, in quotes.
    private static TypedData JsonTime(DateTimeOffset time) =>
        new() { Json = JsonSerializer.Serialize(time.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK", CultureInfo.InvariantCulture)) };
}
