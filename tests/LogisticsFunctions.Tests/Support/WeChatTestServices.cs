using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Tests.Support;

/// <summary>
/// The app's real service registration (<c>AddLogisticsFunctions</c>) against a simulator or fake on
/// loopback, with settings a test can override. Hosted services are not started: counts of upstream
/// calls then come from requests alone.
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

    public static WeChatTestServices Create(
        Uri apiBaseUrl,
        string appId,
        string? appSecret,
        IDictionary<string, string?>? settings = null,
        TimeProvider? timeProvider = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = appId,
            ["WeChat:ApiBaseUrl"] = apiBaseUrl.ToString(),
            ["WeChat:AppSecret"] = appSecret,
            // Tests should not wait on production-sized back-offs.
            ["WeChat:RetryBaseDelay"] = "00:00:00.010",
        };
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
        return new WeChatTestServices(provider) { Logs = logs };
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Runs the GetPath function as the worker would, with <paramref name="body"/> as the request body.</summary>
    public async Task<TestHttpResponseData> InvokeGetPathAsync(string body, CancellationToken cancellationToken = default) =>
        await InvokeGetPathAsync(System.Text.Encoding.UTF8.GetBytes(body), cancellationToken);

    public async Task<TestHttpResponseData> InvokeGetPathAsync(byte[] body, CancellationToken cancellationToken = default)
    {
        var function = ActivatorUtilities.CreateInstance<GetPath>(_provider);
        var context = new TestFunctionContext(_provider, cancellationToken);
        var response = await function.RunAsync(new TestHttpRequestData(context, body), context);
        return (TestHttpResponseData)response;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
