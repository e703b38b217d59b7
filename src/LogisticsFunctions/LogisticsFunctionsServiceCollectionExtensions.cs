using LogisticsFunctions.WeChat;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LogisticsFunctions;

public static class LogisticsFunctionsServiceCollectionExtensions
{
    /// <summary>Everything the app's functions need, validated at start.</summary>
    public static IServiceCollection AddLogisticsFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWeChatExpress(configuration);
        services.AddTelemetryWhenConfigured(configuration);
        return services;
    }
}
