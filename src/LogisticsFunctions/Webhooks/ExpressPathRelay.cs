using LogisticsFunctions.Push;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Webhooks;

/// <summary>
/// Relays each parcel event from <c>express-path-events</c> to the backend's <c>Webhook__Url</c> as a signed
/// Standard Webhooks POST (<see cref="WebhookRelay"/>), and each failed delivery from
/// <c>express-path-events-retry</c> when its next attempt is due. Without <c>Webhook__Url</c> both functions are
/// disabled by app settings and the queue is left to the operator's own consumer (docs/webhooks.md).
/// </summary>
public sealed class ExpressPathRelay(WebhookRelay relay, ILogger<ExpressPathRelay> logger)
{
    public const string RetryFunctionName = nameof(ExpressPathRelay) + "Retry";

    [Function(nameof(ExpressPathRelay))]
    public Task RunAsync(
        [QueueTrigger(PushStorageOptions.QueueName, Connection = PushStorageOptions.ConnectionName)] string message,
        FunctionContext context) =>
        InvokeAsync(relay.RelayEventAsync, message, context);

    [Function(RetryFunctionName)]
    public Task RetryAsync(
        [QueueTrigger(WebhookQueues.RetryQueueName, Connection = PushStorageOptions.ConnectionName)] string message,
        FunctionContext context) =>
        InvokeAsync(relay.RelayRetryAsync, message, context);

    private async Task InvokeAsync(Func<string, QueueMessageInfo, CancellationToken, Task> relayAsync, string message, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await relayAsync(message, QueueMessageInfo.From(context), context.CancellationToken);
        }
        catch (Exception ex)
        {
            // The type and where, not the message. Failing the invocation makes the host deliver the message
            // again after host.json's visibilityTimeout, and dead-letter it after maxDequeueCount tries.
            logger.LogError("{Function} could not hand the delivery on; the host will deliver the message again: {ExceptionType} {StackTrace}",
                context.FunctionDefinition.Name, ex.GetType().FullName, ex.StackTrace);
            throw new WebhookRelayException(ex.GetType().FullName ?? "an error");
        }
    }
}
