using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using LogisticsFunctions.WeChat.Telemetry;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace LogisticsFunctions.Telemetry;

internal static class TelemetryServiceCollectionExtensions
{
    private const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    private const string SiteNameSetting = "WEBSITE_SITE_NAME";
    private const string ApplicationInsightsLoggerProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>
    /// Sends the worker's logs and dependency telemetry to Application Insights when the app has a
    /// connection string (on Azure), with every query string stripped from dependencies so that no
    /// access token is ever stored; and the app's own meters, through OpenTelemetry's Azure Monitor
    /// exporter, to the same component (docs/operations.md, "Exporter", says why both). Local runs and
    /// tests have none and stay quiet.
    /// </summary>
    public static IServiceCollection AddTelemetryWhenConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITelemetryInitializer, QueryStringRedaction>());
        // The component has local (key) authentication disabled: ingestion is authorised with the app's
        // managed identity, which holds Monitoring Metrics Publisher on it.
        services.AddOptions<TelemetryConfiguration>()
            .Configure<TokenCredential>(static (telemetry, credential) => telemetry.SetAzureTokenCredential(credential));
        // The SDK adds a filter that drops everything below Warning; the app's logging configuration
        // (its defaults in LoggingDefaults, raised or lowered with Logging__LogLevel__… settings) decides instead.
        services.Configure<LoggerFilterOptions>(static options =>
        {
            var warningOnly = options.Rules.FirstOrDefault(rule => rule.ProviderName == ApplicationInsightsLoggerProvider);
            if (warningOnly is not null)
            {
                options.Rules.Remove(warningOnly);
            }
        });
        AddMetricsExporter(services, connectionString, configuration[SiteNameSetting]);
        return services;
    }

    // Only the two meters named here are exported (the classic SDK above does not read System.Diagnostics.Metrics):
    // each instrument arrives in customMetrics / AppMetrics, its dimensions in customDimensions / Properties,
    // pre-aggregated once a minute and at shutdown. The cloud role is the site's name, as on the classic items.
    private static void AddMetricsExporter(IServiceCollection services, string connectionString, string? siteName)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(string.IsNullOrWhiteSpace(siteName) ? LogisticsMetrics.MeterName : siteName))
            .WithMetrics(metrics => metrics
                .AddMeter(LogisticsMetrics.MeterName, WeChatMetrics.MeterName)
                .AddAzureMonitorMetricExporter(options =>
                {
                    options.ConnectionString = connectionString;
                    // Live metrics are the classic SDK's; this exporter sends the meters and nothing else.
                    options.EnableLiveMetrics = false;
                }));
        // Local authentication is off on the component here too: the app's identity authorises ingestion.
        services.AddOptions<AzureMonitorExporterOptions>()
            .Configure<TokenCredential>(static (options, credential) => options.Credential = credential);
    }
}
