using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using LogisticsFunctions.Telemetry;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChat.Http;
using LogisticsFunctions.WeChat.Telemetry;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace LogisticsFunctions.Benchmarks;

/// <summary>
/// The GetPath request path in-process — read and validate the camelCase body, take the cached token,
/// POST to WeChat through the resilience pipeline and the factory's HttpClient, convert the answer to
/// camelCase, write the response — against a bare HttpClient POST of the same snake_case body to the
/// same path whose answer is copied through unconverted. Both talk to one in-memory WeChat.
/// <see cref="MetersListened"/>: whether the app's two meters are listened to as on Azure, by an OpenTelemetry
/// MeterProvider aggregating them (delta, as the Azure Monitor exporter reads them) for an exporter that is called
/// once a minute; unlistened, an instrument's Add returns at once.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes what [GlobalSetup] made.")]
public class GetPathBenchmarks
{
    /// <summary>The seed's cloud-call request, as a caller POSTs it to /api/logistics/getPath.</summary>
    public const string SeedRequest = """{"openid":"OPENID","orderId":"01234567890123456789","deliveryId":"SF","waybillId":"12345678901234567890"}""";

    /// <summary>
    /// The seed's cloud-call answer (shared/seed/logistics.getPath.txt), minified, with the
    /// <c>errCode</c> the function appends after <c>errMsg</c>.
    /// </summary>
    public const string ExpectedAnswer = """{"openid":"OPENID","deliveryId":"SF","waybillId":"12345678901234567890","pathItemNum":3,"pathItemList":[{"actionTime":1533052800,"actionType":100001,"actionMsg":"快递员已成功取件"},{"actionTime":1533062800,"actionType":200001,"actionMsg":"快件已到达xxx集散中心,准备发往xxx"},{"actionTime":1533072800,"actionType":300001,"actionMsg":"快递员已出发,联系电话xxxxxx"}],"errMsg":"openapi.logistics.getPath:ok","errCode":0}""";

    private const string BaselineRequestUri = "cgi-bin/express/business/path/get?access_token=" + InMemoryWeChat.Token;

    // https: the app accepts plain http only for a loopback simulator. Nothing is dialled; the handler is in memory.
    private static readonly Uri ApiBaseUrl = new("https://wechat.invalid/");

    private static readonly byte[] SeedRequestBytes = Encoding.UTF8.GetBytes(SeedRequest);

    private static readonly byte[] WeChatRequestBytes = Encoding.UTF8.GetBytes(InMemoryWeChat.ExpectedGetPathRequest);

    private readonly InMemoryWeChat _weChat = new();
    private ServiceProvider? _services;
    private HttpClient? _baselineClient;
    private Functions.GetPath? _function;
    private BenchmarkFunctionContext? _context;
    private MeterProvider? _meters;

    [Params(false, true)]
    public bool MetersListened { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = "wx0123456789abcdef",
            ["WeChat:ApiBaseUrl"] = ApiBaseUrl.ToString(),
            ["WeChat:AppSecret"] = "benchmark-app-secret",
            // The push receiver is registered too; GetPath never touches its storage.
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["WeChat:PushToken"] = "benchmark-push-token",
            ["WeChat:PushEncodingAesKey"] = "TG9naXN0aWNzRnVuY3Rpb25zLXNpbXVsYXRvci1rZXk",
        }).Build();

        if (MetersListened)
        {
            _meters = Sdk.CreateMeterProviderBuilder()
                .AddMeter(LogisticsMetrics.MeterName, WeChatMetrics.MeterName)
                .AddReader(new PeriodicExportingMetricReader(new DiscardingExporter()) { TemporalityPreference = MetricReaderTemporalityPreference.Delta })
                .Build();
        }

        var services = new ServiceCollection();
        // No logger provider and Warning as the floor: the success path logs at Information, which then costs a level check.
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddLogisticsFunctions(configuration);
        services.AddHttpClient(WeChatHttpClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _weChat);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        // What the host would do at start; the hosted warm-up service is deliberately not started.
        _services.GetRequiredService<IStartupValidator>().Validate();

        _function = ActivatorUtilities.CreateInstance<Functions.GetPath>(_services);
        _context = new BenchmarkFunctionContext(_services);

        // The same handler, configured as the app configures its named client: base address, no client-side timeout.
        _baselineClient = new HttpClient(_weChat, disposeHandler: false) { BaseAddress = ApiBaseUrl, Timeout = Timeout.InfiniteTimeSpan };

        // Fetch the token now, so every measured GetPath takes it from the cache.
        await _services.GetRequiredService<AccessTokenProvider>().GetAsync(CancellationToken.None);
        await CheckBothAnswerCorrectlyAsync();
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        _baselineClient?.Dispose();
        _meters?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _weChat.Dispose();
    }

    /// <summary>An ordinary HttpClient POST of the snake_case body; WeChat's answer bytes are copied out as they came.</summary>
    [Benchmark(Baseline = true)]
    public async Task<MemoryStream> Baseline()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BaselineRequestUri) { Content = new ByteArrayContent(WeChatRequestBytes) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        using var response = await _baselineClient!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var output = new MemoryStream();
        await response.Content.CopyToAsync(output);
        return output;
    }

    /// <summary>The real function over the app's real services, as the worker would invoke it.</summary>
    [Benchmark]
    public Task<HttpResponseData> GetPath() => _function!.RunAsync(new BenchmarkHttpRequestData(_context!, SeedRequestBytes), _context!);

    // The numbers are only worth something if both benchmarks do their job: check each once, strictly.
    private async Task CheckBothAnswerCorrectlyAsync()
    {
        _weChat.Verify = true;
        try
        {
            var baseline = await Baseline();
            if (!baseline.ToArray().AsSpan().SequenceEqual(InMemoryWeChat.GetPathAnswerBytes))
            {
                throw new InvalidOperationException($"Baseline answered {Encoding.UTF8.GetString(baseline.ToArray())}");
            }

            var response = await GetPath();
            var body = Encoding.UTF8.GetString(((MemoryStream)response.Body).ToArray());
            if (response.StatusCode != HttpStatusCode.OK || body != ExpectedAnswer)
            {
                throw new InvalidOperationException($"GetPath answered {(int)response.StatusCode} {body}");
            }

            if (!response.Headers.TryGetValues("Content-Type", out var contentType) || contentType.Single() != "application/json; charset=utf-8")
            {
                throw new InvalidOperationException("GetPath answered without its JSON content type");
            }

            if (MetersListened && !_meters!.ForceFlush())
            {
                throw new InvalidOperationException("The meter provider did not collect");
            }

            if (MetersListened && DiscardingExporter.Exported < 2)
            {
                throw new InvalidOperationException($"The meters were not listened to: {DiscardingExporter.Exported} metrics collected");
            }

            if (_weChat.StableTokenCalls != 1 || _weChat.GetPathCalls != 2)
            {
                throw new InvalidOperationException($"Expected 1 stable_token and 2 path/get calls, saw {_weChat.StableTokenCalls} and {_weChat.GetPathCalls}");
            }
        }
        finally
        {
            _weChat.Verify = false;
        }
    }

    // What an exporter is handed, dropped: the cost measured is recording and aggregating, not sending.
    private sealed class DiscardingExporter : BaseExporter<Metric>
    {
        public static int Exported { get; private set; }

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                Exported++;
            }

            return ExportResult.Success;
        }
    }
}
