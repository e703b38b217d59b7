using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using LogisticsFunctions.Push;

namespace LogisticsFunctions.Tests.Push;

/// <summary>
/// One Azurite for every test that touches storage, with clients that read what the app wrote. The queue
/// and container names are the contract's fixed names, so these tests share them and run one at a time
/// (<see cref="AzuriteCollectionDefinition"/>), each starting from an empty queue and container.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    internal AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite is not started.");

    public string ConnectionString => Server.ConnectionString;

    /// <summary>The queue read raw (no decoding by the SDK), so tests see exactly what a consumer gets.</summary>
    public QueueClient RawQueue => new(ConnectionString, PushStorageOptions.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

    public BlobContainerClient Markers => new(ConnectionString, PushStorageOptions.MarkerContainerName);

    public async Task InitializeAsync() => _server = await AzuriteServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Empties the queue and the marker container (creating both if a test removed them).</summary>
    public async Task ResetAsync()
    {
        await RawQueue.CreateIfNotExistsAsync();
        await RawQueue.ClearMessagesAsync();
        await Markers.CreateIfNotExistsAsync();
        await foreach (var blob in Markers.GetBlobsAsync())
        {
            await Markers.DeleteBlobIfExistsAsync(blob.Name);
        }
    }

    /// <summary>Every message on the queue, left in place (peeked), with its raw text.</summary>
    public async Task<IReadOnlyList<PeekedMessage>> PeekAllAsync()
    {
        // Peek returns at most 32: the tests queue far fewer, and a count above that fails them anyway.
        var peeked = await RawQueue.PeekMessagesAsync(maxMessages: 32);
        return peeked.Value;
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
