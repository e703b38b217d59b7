using Azure.Core;
using Azure.Storage.Queues;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.Webhooks;

/// <summary>
/// One app instance with the real registration (<c>AddLogisticsFunctions</c>, the relay's within it), storage at
/// the test's Azurite, the relay pointed at a loopback backend, on a fake clock, with the retry jitter made
/// predictable (<see cref="FixedRandom"/>) and every queue write noted (<see cref="QueueWriteRecorder"/>).
/// </summary>
internal sealed class WebhookTestApp : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private WebhookTestApp(ServiceProvider provider, CapturedLogs logs, QueueWriteRecorder queueWrites, FakeTimeProvider clock)
    {
        _provider = provider;
        Logs = logs;
        QueueWrites = queueWrites;
        Clock = clock;
    }

    public CapturedLogs Logs { get; }

    public QueueWriteRecorder QueueWrites { get; }

    public FakeTimeProvider Clock { get; }

    public WebhookRelay Relay => _provider.GetRequiredService<WebhookRelay>();

    public static WebhookTestApp Create(
        string storageConnectionString,
        Uri? webhookUrl,
        IDictionary<string, string?>? settings = null,
        double jitterDraw = 0.5,
        Action<IServiceCollection>? configureServices = null,
        Action<IServiceCollection>? afterRegistration = null)
    {
        var values = PushTestApp.DefaultSettings(storageConnectionString);
        values["Webhook:Url"] = webhookUrl?.AbsoluteUri;
        values["Webhook:Secret"] = TestWebhookSecrets.Current;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        var logs = new CapturedLogs();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        // Near the real time: the StandardWebhooks library checks webhook-timestamp against its own clock.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new WebhookRetrySchedule(new FixedRandom(jitterDraw)));
        var queueWrites = new QueueWriteRecorder();
        var queueOptions = new QueueClientOptions();
        queueOptions.AddPolicy(queueWrites, HttpPipelinePosition.PerCall);
        services.AddKeyedSingleton(WebhookQueues.ClientOptionsKey, queueOptions);
        configureServices?.Invoke(services);
        services.AddLogisticsFunctions(configuration);
        afterRegistration?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new WebhookTestApp(provider, logs, queueWrites, clock);
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>As the host invokes ExpressPathRelay with a message of express-path-events.</summary>
    public Task RelayEventAsync(string message, CancellationToken cancellationToken = default) =>
        Relay.RelayEventAsync(message, new QueueMessageInfo("event", 1, Clock.GetUtcNow(), Clock.GetUtcNow().AddDays(7)), cancellationToken);

    /// <summary>
    /// As the host invokes ExpressPathRelayRetry once <paramref name="write"/> has become visible: the clock is moved
    /// on by its visibility delay first.
    /// </summary>
    public Task RelayDueRetryAsync(QueueWrite write, CancellationToken cancellationToken = default)
    {
        Clock.Advance(write.VisibilityTimeout);
        return Relay.RelayRetryAsync(write.Text, new QueueMessageInfo("retry", 1, Clock.GetUtcNow() - write.VisibilityTimeout, null), cancellationToken);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
