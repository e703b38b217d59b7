using System.Text;
using System.Text.Json.Nodes;
using LogisticsFunctions.Infra.Tests;
using LogisticsFunctions.Tests.Fakes;
using LogisticsFunctions.Tests.Push;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.WeChatSimulator;
using LogisticsFunctions.WeChatSimulator.Backend;
using LogisticsFunctions.WeChatSimulator.Push;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Worker.Tests.Telemetry;

/// <summary>
/// The published worker with APPLICATIONINSIGHTS_CONNECTION_STRING naming a loopback ingestion endpoint, where both of
/// its exporters, as shipped, send what they would send to Application Insights, authorised with the app's managed
/// identity (the loopback fake). One worker serves cloud calls, a refused token, a push and its webhook (storage at
/// Azurite); another reads its AppSecret from a vault it cannot reach (a published worker cannot be pointed at the
/// loopback fake vault: its SecretClient insists on a *.vault.azure.net host). Both are then stopped as the host stops
/// a worker. What arrived must hold every metric name and dimension that a query in infra/queries uses (read from
/// the bound query by Microsoft's Kusto language service, as the infra tests read them), with nothing secret in it.
/// </summary>
[Collection(PublishedWorkerCollectionDefinition.Name)]
public sealed class EmittedMetricsTests(PublishedWorkerFixture worker) : IAsyncLifetime
{
    private const string ClientId = "3f1c7e0a-6b2d-4e55-9a51-2c8d1f0b7a64";
    private const string OrderId = "metrics-order-1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);
    private readonly string _trustFile = Path.Combine(Path.GetTempPath(), $"logistics-trust-{Guid.NewGuid():N}.pem");
    private AzuriteServer _azurite = null!;
    private FakeManagedIdentityEndpoint _identity = null!;
    private FakeIngestion _ingestion = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        _identity = await FakeManagedIdentityEndpoint.StartAsync();
        _identity.AddUserAssignedIdentity(ClientId);
        _ingestion = await FakeIngestion.StartAsync();
        // The worker trusts exactly the ingestion endpoint's loopback certificate (SSL_CERT_FILE), as it trusts Azure's CAs.
        await File.WriteAllTextAsync(_trustFile, _ingestion.Certificate.ExportCertificatePem() + "\n");
    }

    public async Task DisposeAsync()
    {
        await _ingestion.DisposeAsync();
        await _identity.DisposeAsync();
        await _azurite.DisposeAsync();
        File.Delete(_trustFile);
    }

    [Fact]
    public async Task Every_metric_and_dimension_a_query_uses_is_sent_by_the_worker_with_its_identity_and_nothing_secret()
    {
        await using var frontEnd = await HostHttpFrontEnd.StartAsync("logistics/push", "ExpressPathPush");
        await using var weChat = await WeChatSimulatorServer.StartAsync(new WeChatSimulatorOptions
        {
            Push = new PushOptions { TargetUrl = new Uri(frontEnd.Address, "api/logistics/push"), Mode = PushMode.Safe, Format = PushFormat.Xml },
        });
        string? waybillId;
        await using (var host = await FunctionsTestHost.StartAsync(worker.HostOptions(Settings(weChat))))
        {
            frontEnd.Host = host;
            await using var relay = HostQueueListener.Start(host, "ExpressPathRelay", _azurite.ConnectionString, "express-path-events");

            await AnsweredAsync(200, SeedExample.Request, host);
            await AnsweredAsync(400, """{"marker":1}""", host);
            weChat.RevokeCurrentToken();
            await AnsweredAsync(200, SeedExample.Request, host);
            var added = await host.InvokeAsync("AddOrder", "POST", "logistics/addOrder", AddTestOrder);
            waybillId = (string?)JsonNode.Parse(added.GetBodyText())!["waybillId"];
            await host.InvokeAsync("TestUpdateOrder", "POST", "logistics/testUpdateOrder",
                $$"""{"bizId":"test_biz_id","orderId":"{{OrderId}}","deliveryId":"TEST","waybillId":"{{waybillId}}","actionTime":1700000000,"actionType":100001,"actionMsg":"揽件成功"}""");
            Assert.True((await Assert.Single(weChat.Pushes)).Delivered);
            await WaitUntilAsync(() => weChat.Webhooks.Receipts.Count == 1, host);
            Assert.True(weChat.Webhooks.Receipts[0].Verified, weChat.Webhooks.Receipts[0].Problem);

            // As the host ends a worker: what the meters hold goes out as the worker stops.
            Assert.True(await host.TerminateAsync(StopGrace), $"the worker did not stop{Environment.NewLine}{host.Output.Describe()}");
        }

        var vaultSettings = Settings(weChat);
        vaultSettings[WorkerSettings.AppSecretKey] = null;
        vaultSettings["KeyVault__VaultUri"] = "https://127.0.0.1:9/";
        await using (var host = await FunctionsTestHost.StartAsync(worker.HostOptions(vaultSettings)))
        {
            await AnsweredAsync(503, SeedExample.Request, host);
            Assert.True(await host.TerminateAsync(StopGrace), $"the worker did not stop{Environment.NewLine}{host.Output.Describe()}");
        }

        var items = _ingestion.Items;
        var emitted = EmittedMetrics.From(items);
        var queries = QueryFiles.All.Keys.Order(StringComparer.Ordinal).Select(QueryFiles.AnalysisOf).ToList();
        Assert.NotEmpty(queries.SelectMany(query => query.Metrics));
        var missing = queries.SelectMany(emitted.Missing).ToList();
        Assert.True(missing.Count == 0, $"{string.Join('\n', missing)}\nsent:\n{emitted}");

        // Both exporters sent, authorised with the app's managed identity (the component takes no key), every item.
        Assert.Contains(items, item => item.BaseType == "RemoteDependencyData");
        Assert.All(items, item => Assert.True(
            item.Authorization.StartsWith("Bearer ", StringComparison.Ordinal) && _identity.HasIssued(item.Authorization["Bearer ".Length..]),
            $"{item.Path} {item.BaseType} was not sent with a token of the app's identity"));

        var push = new PushOptions();
        var secrets = new[] { weChat.AppSecret, push.Token, push.EncodingAesKey, WebhookBackend.DevelopmentSecret }
            .Concat(weChat.IssuedTokens).Concat(_identity.IssuedTokens).ToList();
        var sent = _ingestion.Text;
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, sent, StringComparison.Ordinal));
        var metrics = string.Join('\n', items.Where(item => item.BaseType == "MetricData").Select(item => item.Json.ToJsonString()));
        Assert.All(new[] { OrderId, "OPENID", waybillId! }, value => Assert.DoesNotContain(value, metrics, StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_names_a_metric_or_dimension_that_was_never_sent()
    {
        var emitted = new EmittedMetrics(new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
        {
            ["logistics.pushes"] = new HashSet<string>(["outcome", "reason", "mode"], StringComparer.Ordinal),
        });
        var query = KustoLanguageService.Analyse("control.kql", """
            AppMetrics
            | where Name in ("logistics.pushes", "logistics.not_sent")
            | summarize sum(Sum) by tostring(Properties.outcome), tostring(Properties.channel)
            """);

        Assert.Equal(
            ["control.kql: metric 'logistics.not_sent' was never sent", "control.kql: dimension 'channel' was sent with none of logistics.not_sent, logistics.pushes"],
            emitted.Missing(query));
    }

    private Dictionary<string, string?> Settings(WeChatSimulatorServer weChat) =>
        new(WorkerSettings.Complete(weChat.BaseAddress), StringComparer.Ordinal)
        {
            // The user-assigned managed identity, as the template deploys the app.
            ["IDENTITY_ENDPOINT"] = _identity.Endpoint.AbsoluteUri,
            ["IDENTITY_HEADER"] = _identity.Header,
            ["AZURE_CLIENT_ID"] = ClientId,
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Webhook__Url"] = weChat.WebhookUrl.AbsoluteUri,
            ["Webhook__Secret"] = WebhookBackend.DevelopmentSecret,
            ["WEBSITE_SITE_NAME"] = "func-logistics-test",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = _ingestion.ConnectionString,
            ["SSL_CERT_FILE"] = _trustFile,
            // Loopback only: no instance metadata (169.254.169.254), no live metrics, no SDK self-telemetry to Microsoft.
            ["ApplicationInsights__EnableAzureInstanceMetadataTelemetryModule"] = "false",
            ["ApplicationInsights__EnableQuickPulseMetricStream"] = "false",
            ["APPLICATIONINSIGHTS_STATSBEAT_DISABLED"] = "true",
            // The classic SDK's channel sends each item at once instead of every 30 s, so its items arrive before the worker stops too.
            ["ApplicationInsights__TelemetryChannel__DeveloperMode"] = "true",
        };

    private const string AddTestOrder = $$$"""
        {"addSource":0,"orderId":"{{{OrderId}}}","openid":"OPENID","deliveryId":"TEST","bizId":"test_biz_id",
        "sender":{"name":"张三","mobile":"13800000000","province":"广东省","city":"广州市","area":"海珠区","address":"XX路XX号"},
        "receiver":{"name":"王小蒙","mobile":"13800000001","province":"广东省","city":"广州市","area":"天河区","address":"XX路XX号"},
        "cargo":{"count":1,"weight":1.2,"spaceX":20,"spaceY":15,"spaceZ":10,"detailList":[{"name":"一本书","count":1}]},
        "shop":{"wxaPath":"/index/index","imgUrl":"https://mmbiz.qpic.cn/1.png","goodsName":"一本书","goodsCount":1},
        "insured":{"useInsured":0,"insuredValue":0},"service":{"serviceType":0,"serviceName":"标准快递"}}
        """;

    private static async Task AnsweredAsync(int status, string body, FunctionsTestHost host)
    {
        var response = await host.PostGetPathAsync(body);
        Assert.True(response.GetStatusCode() == status, $"{response.GetStatusCode()} {response.GetBodyText()}{Environment.NewLine}{host.Output.Describe()}");
    }

    // The listener runs on its own; this waits for what it should have done, bounded, and never decides a count.
    private static async Task WaitUntilAsync(Func<bool> condition, FunctionsTestHost host)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < Patience)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), $"not reached within {Patience.TotalSeconds} s{Environment.NewLine}{host.Output.Describe()}");
    }
}
