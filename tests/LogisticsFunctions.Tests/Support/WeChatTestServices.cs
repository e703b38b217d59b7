using System.Reflection;
using LogisticsFunctions.CloudCall;
using LogisticsFunctions.CloudCall.Methods;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Tests.Support;

/// <summary>
/// The app's real service registration (<c>AddLogisticsFunctions</c>) against a simulator or fake on
/// loopback, with the shipped defaults unless a test overrides a setting. Hosted services are not
/// started: counts of upstream calls then come from requests alone.
/// </summary>
internal sealed class WeChatTestServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private WeChatTestServices(ServiceProvider provider) => _provider = provider;

    public IServiceProvider Services => _provider;

    public required CapturedLogs Logs { get; init; }

    public static WeChatTestServices Create(
        WeChatSimulatorServer simulator,
        IDictionary<string, string?>? settings = null,
        TimeProvider? timeProvider = null,
        Action<IServiceCollection>? configureServices = null) =>
        Create(simulator.BaseAddress, simulator.AppId, simulator.AppSecret, settings, timeProvider, configureServices);

    /// <summary>
    /// <paramref name="configureServices"/> runs before the app's registration (what it adds wins where the
    /// app only adds a default); <paramref name="afterRegistration"/> runs after it, to take something out.
    /// </summary>
    public static WeChatTestServices Create(
        Uri apiBaseUrl,
        string appId,
        string? appSecret,
        IDictionary<string, string?>? settings = null,
        TimeProvider? timeProvider = null,
        Action<IServiceCollection>? configureServices = null,
        Action<IServiceCollection>? afterRegistration = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = appId,
            ["WeChat:ApiBaseUrl"] = apiBaseUrl.ToString(),
            ["WeChat:AppSecret"] = appSecret,
            // The push receiver's settings, as the example local settings give them; nothing here connects to storage.
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["WeChat:PushToken"] = "simulator-push-token",
            ["WeChat:PushEncodingAesKey"] = "TG9naXN0aWNzRnVuY3Rpb25zLXNpbXVsYXRvci1rZXk",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        // As the worker's host does: the configuration is a service too (Application Insights' setup reads it).
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        var logs = new CapturedLogs();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        configureServices?.Invoke(services);
        services.AddLogisticsFunctions(configuration);
        afterRegistration?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new WeChatTestServices(provider) { Logs = logs };
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Runs the GetPath function as the worker would, with <paramref name="body"/> as the request body.</summary>
    public Task<TestHttpResponseData> InvokeGetPathAsync(string body, CancellationToken cancellationToken = default) =>
        InvokeAsync(LogisticsMethods.GetPath, body, cancellationToken);

    public Task<TestHttpResponseData> InvokeGetPathAsync(byte[] body, CancellationToken cancellationToken = default) =>
        InvokeAsync(LogisticsMethods.GetPath, body, cancellationToken);

    /// <summary>Runs the function that serves <paramref name="method"/> (found by its name, as the worker finds it).</summary>
    public Task<TestHttpResponseData> InvokeAsync(CloudCallMethod method, string body, CancellationToken cancellationToken = default) =>
        InvokeAsync(method, System.Text.Encoding.UTF8.GetBytes(body), cancellationToken);

    public async Task<TestHttpResponseData> InvokeAsync(CloudCallMethod method, byte[] body, CancellationToken cancellationToken = default)
    {
        var type = typeof(CloudCallHandler).Assembly.GetType($"LogisticsFunctions.Functions.{method.FunctionName}", throwOnError: true)!;
        var function = ActivatorUtilities.CreateInstance(_provider, type);
        var run = type.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Instance)!;
        var context = new TestFunctionContext(_provider, cancellationToken);
        var response = await (Task<HttpResponseData>)run.Invoke(function, [new TestHttpRequestData(context, body), context])!;
        return (TestHttpResponseData)response;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
