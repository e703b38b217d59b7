using System.Text;
using LogisticsFunctions.CloudCall.Methods;
using LogisticsFunctions.WeChat.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogisticsFunctions.Benchmarks.TokenFlood;

/// <summary>
/// The app's own services in this process (<c>AddLogisticsFunctions</c>, shipped defaults, WeChat over loopback HTTP),
/// each request a call through its WeChat client, which takes the token from the provider. With
/// <paramref name="readExceptions"/> the caller formats each exception it gets, as a logger or telemetry sink would.
/// </summary>
public sealed class InProcessTarget(ServiceProvider services, bool readExceptions) : IFloodTarget
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"openid":"OPENID","delivery_id":"SF","waybill_id":"12345678901234567890"}""");

    private readonly WeChatApiClient _client = services.GetRequiredService<WeChatApiClient>();

    public int ProcessId => Environment.ProcessId;

    public bool InProcess => true;

    public static InProcessTarget Start(Uri weChat, string appId, string appSecret, bool readExceptions)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = appId,
            ["WeChat:AppSecret"] = appSecret,
            ["WeChat:ApiBaseUrl"] = weChat.AbsoluteUri,
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["WeChat:PushToken"] = "benchmark-push-token",
            ["WeChat:PushEncodingAesKey"] = "TG9naXN0aWNzRnVuY3Rpb25zLXNpbXVsYXRvci1rZXk",
        }).Build();
        var services = new ServiceCollection();
        // As a deployed app's default: Warning and above; no provider, so nothing is written.
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddLogisticsFunctions(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        return new InProcessTarget(provider, readExceptions);
    }

    public async Task<FloodCall> CallAsync()
    {
        try
        {
            var answer = await _client.CallAsync(LogisticsMethods.GetPath.Api, Body, CancellationToken.None);
            return new FloodCall($"answer errcode {answer.ErrCode}", 0);
        }
        catch (Exception exception)
        {
            return new FloodCall($"{exception.GetType().Name}: {exception.Message}", readExceptions ? exception.ToString().Length : 0);
        }
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
