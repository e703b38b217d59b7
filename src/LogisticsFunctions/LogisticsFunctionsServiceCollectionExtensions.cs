using LogisticsFunctions.CloudCall;
using LogisticsFunctions.Push;
using LogisticsFunctions.Telemetry;
using LogisticsFunctions.Webhooks;
using LogisticsFunctions.WeChat;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions;

public static class LogisticsFunctionsServiceCollectionExtensions
{
    /// <summary>The app as Program.cs builds it: the logging defaults under the app's own settings, and every service.</summary>
    public static IHostApplicationBuilder AddLogisticsFunctions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // First, so that every other source (app settings, local.settings.json, environment) overrides it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LoggingDefaults.Values });
        builder.Services.AddLogisticsFunctions(builder.Configuration);
        return builder;
    }

    /// <summary>Everything the app's functions need, validated at start.</summary>
    public static IServiceCollection AddLogisticsFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddWeChat(configuration);
        services.TryAddSingleton<LogisticsMetrics>();
        services.AddOptions<CloudCallOptions>().Bind(configuration.GetSection(CloudCallOptions.SectionName)).ValidateOnStart();
        services.TryAddSingleton(_ => HostFunctionTimeout.Read(configuration, AppContext.BaseDirectory));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CloudCallOptions>, CloudCallOptionsValidator>());
        services.TryAddSingleton<CloudCallHandler>();
        services.AddExpressPathPush(configuration);
        services.AddWebhookRelay(configuration);
        services.AddTelemetryWhenConfigured(configuration);
        return services;
    }
}
