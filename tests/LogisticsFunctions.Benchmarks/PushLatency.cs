using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using Azure.Storage.Queues;
using LogisticsFunctions.Push;
using LogisticsFunctions.Tests.Push;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Benchmarks;

/// <summary>
/// Push-to-queued latency: ExpressPathPush over the app's real services against Azurite on loopback, timed
/// from the call until <c>success</c> is returned (so the marker claim, the queue send and the marker
/// update are all inside). Not BenchmarkDotNet: each push is a different update and changes storage,
/// so the figure wanted is the distribution over many, not a steady-state mean.
/// <c>dotnet run -c Release --project tests/LogisticsFunctions.Benchmarks -- push-latency [count]</c>.
/// </summary>
internal static class PushLatency
{
    public static async Task RunAsync(int count)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = TestPushBuilder.SimulatorAppId,
            ["WeChat:ApiBaseUrl"] = "http://127.0.0.1:9/",
            ["WeChat:AppSecret"] = "simulator-app-secret-0123456789ab",
            ["WeChat:PushToken"] = TestPushBuilder.SimulatorToken,
            ["WeChat:PushEncodingAesKey"] = TestPushBuilder.SimulatorEncodingAesKey,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddLogisticsFunctions(configuration)
            .BuildServiceProvider();
        var weChat = new TestPushBuilder(TestPushBuilder.SimulatorToken, TestPushBuilder.SimulatorEncodingAesKey, TestPushBuilder.SimulatorAppId, () => DateTimeOffset.UtcNow);
        var function = ActivatorUtilities.CreateInstance<ExpressPathPush>(services);
        var context = new BenchmarkFunctionContext(services);
        var version = 0;

        async Task<double> PushAsync(TestExpressPath update)
        {
            var push = weChat.Post(update, TestPushMode.Safe, TestPushFormat.Xml);
            var request = new PushRequestData(context, push);
            var started = Stopwatch.GetTimestamp();
            var response = await function.RunAsync(request, context);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"push answered {(int)response.StatusCode}");
            }

            return elapsed;
        }

        // Warm-up: JIT, connection pool, queue and container creation.
        for (var i = 0; i < 50; i++)
        {
            await PushAsync(new TestExpressPath { Version = ++version });
        }

        var sequential = new List<double>();
        for (var i = 0; i < count; i++)
        {
            sequential.Add(await PushAsync(new TestExpressPath { Version = ++version }));
        }

        var duplicates = new List<double>();
        for (var i = 0; i < Math.Min(count, 200); i++)
        {
            duplicates.Add(await PushAsync(new TestExpressPath { Version = version - i }));
        }

        var concurrent = new List<double>();
        var first = version + 1;
        version += count;
        var next = first - 1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int mine;
            while ((mine = Interlocked.Increment(ref next)) <= version)
            {
                var elapsed = await PushAsync(new TestExpressPath { Version = mine });
                lock (concurrent)
                {
                    concurrent.Add(elapsed);
                }
            }
        })));

        var queued = (await new QueueClient(azurite.ConnectionString, PushStorageOptions.QueueName).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        Console.WriteLine($"Azurite 3.37.0 on loopback, {Environment.ProcessorCount} cores, .NET {Environment.Version}; safe mode, XML, 2 actions per event.");
        Console.WriteLine($"queued messages: {queued} (expected {50 + count + count}: duplicates add none)");
        Report("new update, one at a time", sequential);
        Report("repeated delivery (already queued)", duplicates);
        Report("new update, 8 concurrent", concurrent);
    }

    private static void Report(string what, List<double> milliseconds)
    {
        milliseconds.Sort();
        double At(double quantile) => milliseconds[Math.Min(milliseconds.Count - 1, (int)Math.Ceiling(quantile * milliseconds.Count) - 1)];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{what,-38} n={milliseconds.Count,5}  median {At(0.5),6:F2} ms  p90 {At(0.9),6:F2} ms  p99 {At(0.99),6:F2} ms  max {milliseconds[^1],7:F2} ms"));
    }

    private sealed class PushRequestData(FunctionContext context, TestPushRequest push) : HttpRequestData(context)
    {
        public override Stream Body { get; } = new MemoryStream(push.Body, writable: false);

        public override HttpHeadersCollection Headers { get; } = [];

        public override IReadOnlyCollection<IHttpCookie> Cookies => [];

        public override Uri Url { get; } = new($"https://localhost/api/logistics/push?{push.QueryString}");

        public override IEnumerable<ClaimsIdentity> Identities => [];

        public override string Method => push.Method;

        public override HttpResponseData CreateResponse() => new BenchmarkHttpResponseData(FunctionContext);
    }
}
