using Azure.Core;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions;

internal static class TelemetryServiceCollectionExtensions
{
    private const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    private const string ApplicationInsightsLoggerProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>
    /// Sends the worker's logs and dependency telemetry to Application Insights when the app has a
    /// connection string (on Azure). Local runs and tests have none and stay quiet.
    /// </summary>
    public static IServiceCollection AddTelemetryWhenConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            return services;
        }

        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        // The component has local (key) authentication disabled: ingestion is authorised with the app's
        // managed identity, which holds Monitoring Metrics Publisher on it.
        services.AddOptions<TelemetryConfiguration>()
            .Configure<TokenCredential>(static (telemetry, credential) => telemetry.SetAzureTokenCredential(credential));
        // The SDK adds a filter that drops everything below Warning; the app's logging configuration
        // (Logging__LogLevel__… app settings) should decide instead.
        services.Configure<LoggerFilterOptions>(static options =>
        {
            var warningOnly = options.Rules.FirstOrDefault(rule => rule.ProviderName == ApplicationInsightsLoggerProvider);
            if (warningOnly is not null)
            {
                options.Rules.Remove(warningOnly);
            }
        });
        return services;
    }
}
