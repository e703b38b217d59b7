using Azure.Core;
using LogisticsFunctions.Tests.Support;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace LogisticsFunctions.Tests.Telemetry;

[Collection(ApplicationInsightsCollectionDefinition.Name)]
public sealed class TelemetryRegistrationTests
{
    private static ServiceProvider Build(string? connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = "wx0123456789abcdef",
            ["WeChat:AppSecret"] = "local",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = connectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        // A credential that is never asked: building the configuration must not call Entra ID.
        services.AddSingleton<TokenCredential>(new UnusedCredential());
        // Tests stay on loopback: no Azure instance metadata (169.254.169.254), no live metrics service.
        services.PostConfigure<ApplicationInsightsServiceOptions>(options =>
        {
            options.EnableHeartbeat = false;
            options.EnableAzureInstanceMetadataTelemetryModule = false;
            options.EnableQuickPulseMetricStream = false;
            options.EnableAppServicesHeartbeatTelemetryModule = false;
        });
        return services.AddLogisticsFunctions(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task WithoutAConnectionStringNothingIsSent()
    {
        await using var services = Build(null);

        Assert.Null(services.GetService<TelemetryConfiguration>());
        Assert.Null(services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task With_a_connection_string_the_meters_are_exported_to_the_same_component_with_the_apps_credential()
    {
        const string connectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/";
        await using var services = Build(connectionString);

        var exporter = services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);

        Assert.NotNull(services.GetService<MeterProvider>());
        Assert.Same(services.GetRequiredService<TokenCredential>(), exporter.Credential);
    }

    [Fact]
    public async Task WithAConnectionStringLogsGoToApplicationInsightsAtTheHostsLevels()
    {
        await using var services = Build("InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/");

        var telemetry = services.GetRequiredService<TelemetryConfiguration>();
        var filters = services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value;

        Assert.Equal("00000000-0000-0000-0000-000000000000", telemetry.InstrumentationKey);
        Assert.DoesNotContain(filters.Rules, rule => rule.ProviderName?.Contains("ApplicationInsights", StringComparison.Ordinal) == true && rule.LogLevel == LogLevel.Warning);
    }

    private sealed class UnusedCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not expected in this test");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not expected in this test");
    }
}
