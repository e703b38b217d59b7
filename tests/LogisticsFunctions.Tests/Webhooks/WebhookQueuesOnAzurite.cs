using Azure.Storage.Queues;
using LogisticsFunctions.Push;
using LogisticsFunctions.Webhooks;

namespace LogisticsFunctions.Tests.Webhooks;

/// <summary>The relay's queues on the shared Azurite, emptied (and created) before each test.</summary>
internal static class WebhookQueuesOnAzurite
{
    public static readonly string[] Names = [PushStorageOptions.QueueName, WebhookQueues.RetryQueueName, WebhookQueues.PoisonQueueName, WebhookQueues.RetryPoisonQueueName];

    public static async Task ClearAsync(string connectionString)
    {
        foreach (var name in Names)
        {
            var queue = new QueueClient(connectionString, name);
            await queue.CreateIfNotExistsAsync();
            await queue.ClearMessagesAsync();
        }
    }
}
