using LogisticsFunctions.Push;
using LogisticsFunctions.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Tests.Push;

/// <summary>
/// One app instance with the real service registration (<c>AddLogisticsFunctions</c> and the push
/// receiver's registration within it), its push settings at the simulator's defaults and storage at the
/// test's Azurite. Two of these over the same Azurite are two instances of the app.
/// </summary>
internal sealed class PushTestApp : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private PushTestApp(ServiceProvider provider, CapturedLogs logs)
    {
        _provider = provider;
        Logs = logs;
    }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _provider;

    public static Dictionary<string, string?> DefaultSettings(string storageConnectionString) => new()
    {
        ["WeChat:AppId"] = TestPushBuilder.SimulatorAppId,
        // GetPath's settings, which the app validates too; nothing here calls WeChat.
        ["WeChat:ApiBaseUrl"] = "http://127.0.0.1:9/",
        ["WeChat:AppSecret"] = "simulator-app-secret-0123456789ab",
        ["WeChat:PushToken"] = TestPushBuilder.SimulatorToken,
        ["WeChat:PushEncodingAesKey"] = TestPushBuilder.SimulatorEncodingAesKey,
        ["AzureWebJobsStorage"] = storageConnectionString,
    };

    public static PushTestApp Create(
        string storageConnectionString,
        IDictionary<string, string?>? settings = null,
        TimeProvider? timeProvider = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var values = DefaultSettings(storageConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        var logs = new CapturedLogs();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        configureServices?.Invoke(services);
        services.AddLogisticsFunctions(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new PushTestApp(provider, logs);
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Runs ExpressPathPush as the worker would with <paramref name="push"/> as the request.</summary>
    public async Task<TestHttpResponseData> SendAsync(TestPushRequest push, CancellationToken cancellationToken = default)
    {
        var function = ActivatorUtilities.CreateInstance<ExpressPathPush>(_provider);
        var context = new TestFunctionContext(_provider, cancellationToken);
        return (TestHttpResponseData)await function.RunAsync(new PushHttpRequestData(context, push), context);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
