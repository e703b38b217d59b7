using Azure.Storage.Queues;
using LogisticsFunctions.Push;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.Webhooks;

namespace LogisticsFunctions.Tests.Webhooks;

/// <summary>The relay's queues on the shared Azurite, emptied (and created) before each test.</summary>
internal static class WebhookQueuesOnAzurite
{
    private static readonly string[] Names = [PushStorageOptions.QueueName, WebhookQueues.RetryQueueName, WebhookQueues.PoisonQueueName, WebhookQueues.RetryPoisonQueueName];

    /// <summary>What each relay test starts from: Azurite reset, the relay's queues empty, the simulator up to play the backend.</summary>
    public static async Task<WeChatSimulatorServer> ClearAndStartBackendAsync(AzuriteFixture azurite)
    {
        await azurite.ResetAsync();
        await ClearAsync(azurite.ConnectionString);
        return await WeChatSimulatorServer.StartAsync();
    }

    private static async Task ClearAsync(string connectionString)
    {
        foreach (var name in Names)
        {
            var queue = new QueueClient(connectionString, name);
            await queue.CreateIfNotExistsAsync();
            await queue.ClearMessagesAsync();
        }
    }
}
