using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Push;

/// <summary>
/// The queue and the marker container, with clients built once from <see cref="PushStorageOptions"/>.
/// Messages are Base64 of the UTF-8 JSON: what a Functions queue trigger expects by default.
/// </summary>
public sealed class PushStorage
{
    private readonly CreateIfMissingOnce _creation;

    public PushStorage(IOptions<PushStorageOptions> options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        var settings = options.Value;
        var queueOptions = Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var blobOptions = Configure(new BlobClientOptions());
        if (settings.ConnectionString is { } connectionString)
        {
            Queue = new QueueClient(connectionString, PushStorageOptions.QueueName, queueOptions);
            Markers = new BlobContainerClient(connectionString, PushStorageOptions.MarkerContainerName, blobOptions);
        }
        else
        {
            // The app's one credential (its managed identity on Azure), as for Key Vault and telemetry.
            var credential = services.GetRequiredService<TokenCredential>();
            Queue = new QueueClient(Child(settings.QueueServiceUri!, PushStorageOptions.QueueName), credential, queueOptions);
            Markers = new BlobContainerClient(Child(settings.BlobServiceUri!, PushStorageOptions.MarkerContainerName), credential, blobOptions);
        }

        _creation = new CreateIfMissingOnce(settings.CreateIfMissing, CreateAsync);
    }

    public QueueClient Queue { get; }

    public BlobContainerClient Markers { get; }

    /// <summary>
    /// With a connection string (Azurite), creates the queue and the container once per instance; a failed
    /// attempt is tried again by the next push. On Azure the deployment created both: nothing to do.
    /// </summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => _creation.EnsureAsync(cancellationToken);

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Markers.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    // Every push is answered within PushReceiver.AnswerDeadline (4 s), storage included, and the deadline
    // cancels whatever is under way. A try that hangs is cut after NetworkTimeout and tried once more on a fresh
    // connection, so one storage call with its retry (1.5 + ~0.2 + 1.5 s) fits inside the deadline, never the
    // SDK's default of three retries of a 100 s try. A retry of a write whose first try did reach storage is
    // one of the duplicate windows docs/push.md lists.
    private static T Configure<T>(T options)
        where T : Azure.Core.ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(500);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(1.5);
        return options;
    }

    private static Uri Child(Uri serviceUri, string name) =>
        new(serviceUri.AbsoluteUri.EndsWith('/') ? serviceUri : new Uri(serviceUri.AbsoluteUri + "/"), name);
}
