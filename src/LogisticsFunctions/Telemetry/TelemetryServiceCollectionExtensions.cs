using Azure.Core;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Telemetry;

internal static class TelemetryServiceCollectionExtensions
{
    private const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    private const string ApplicationInsightsLoggerProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>
    /// Sends the worker's logs and dependency telemetry to Application Insights when the app has a
    /// connection string (on Azure), with every query string stripped from dependencies so that no
    /// access token is ever stored. Local runs and tests have none and stay quiet.
    /// </summary>
    public static IServiceCollection AddTelemetryWhenConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
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
        return services;
    }
}
