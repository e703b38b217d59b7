using Azure.Core;
using Azure.Storage.Queues;
using LogisticsFunctions.Push;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Webhooks;

/// <summary>
/// The relay's queues in the <c>AzureWebJobsStorage</c> account, read as the push receiver reads it
/// (<see cref="PushStorageOptions"/>): the event queue itself, the retry queue the relay schedules attempts on,
/// and the dead-letter queues. Messages are Base64 of UTF-8 JSON, what the queue triggers read.
/// </summary>
public sealed class WebhookQueues
{
    /// <summary>Failed deliveries waiting for their next attempt, each hidden until it is due; read by <c>ExpressPathRelayRetry</c>.</summary>
    public const string RetryQueueName = "express-path-events-retry";

    /// <summary>
    /// Dead letters: deliveries that ran out of attempts or met 410 Gone (an envelope with the last status), and
    /// events the host itself gave up on after <c>maxDequeueCount</c> failed invocations (the bare event) —
    /// the host names a trigger queue's poison queue by appending <c>-poison</c>, so both land here.
    /// </summary>
    public const string PoisonQueueName = PushStorageOptions.QueueName + "-poison";

    /// <summary>Where the host puts a retry message whose invocations kept failing (storage down, crashes).</summary>
    public const string RetryPoisonQueueName = RetryQueueName + "-poison";

    /// <summary>
    /// The key of a <see cref="QueueClientOptions"/> service that, registered before <c>AddWebhookRelay</c>, replaces
    /// the defaults below (retries, transport, pipeline policies); the Base64 message encoding is kept either way.
    /// </summary>
    public const string ClientOptionsKey = "Webhook";

    /// <summary>A message that never expires: a delivery waits out its schedule, a dead letter its operator.</summary>
    public static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly CreateIfMissingOnce _creation;

    public WebhookQueues(IOptions<PushStorageOptions> options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        var settings = options.Value;
        var clientOptions = services.GetKeyedService<QueueClientOptions>(ClientOptionsKey) ?? DefaultClientOptions();
        clientOptions.MessageEncoding = QueueMessageEncoding.Base64;
        var service = settings.ConnectionString is { } connectionString
            ? new QueueServiceClient(connectionString, clientOptions)
            // The app's one credential (its managed identity on Azure), as for Key Vault and the push queue.
            : new QueueServiceClient(settings.QueueServiceUri!, services.GetRequiredService<TokenCredential>(), clientOptions);
        Events = service.GetQueueClient(PushStorageOptions.QueueName);
        Retries = service.GetQueueClient(RetryQueueName);
        Poison = service.GetQueueClient(PoisonQueueName);
        RetryPoison = service.GetQueueClient(RetryPoisonQueueName);
        _creation = new CreateIfMissingOnce(settings.CreateIfMissing, CreateAsync);
    }

    public QueueClient Events { get; }

    public QueueClient Retries { get; }

    public QueueClient Poison { get; }

    public QueueClient RetryPoison { get; }

    /// <summary>
    /// With a connection string (Azurite), creates the queues once per instance; a failed attempt is tried again
    /// by the next invocation. On Azure the deployment created them and the identity may not create queues.
    /// </summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => _creation.EnsureAsync(cancellationToken);

    // Within one invocation: a few quick tries, far inside the host's functionTimeout.
    private static QueueClientOptions DefaultClientOptions()
    {
        var options = new QueueClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        return options;
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in new[] { Events, Retries, Poison, RetryPoison })
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}
