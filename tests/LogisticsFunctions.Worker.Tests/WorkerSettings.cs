namespace LogisticsFunctions.Worker.Tests;

/// <summary>App settings the worker under test reads, as the environment variables Azure would set.</summary>
internal static class WorkerSettings
{
    public const string AppIdKey = "WeChat__AppId";
    public const string AppSecretKey = "WeChat__AppSecret";
    public const string ApiBaseUrlKey = "WeChat__ApiBaseUrl";

    /// <summary>The simulator's default credentials.</summary>
    public const string SimulatorAppId = "wx0123456789abcdef";
    public const string SimulatorAppSecret = "simulator-app-secret-0123456789ab";

    /// <summary>A complete configuration; <paramref name="apiBaseUrl"/> is where WeChat is.</summary>
    public static Dictionary<string, string?> Complete(Uri apiBaseUrl) => new(StringComparer.Ordinal)
    {
        [AppIdKey] = SimulatorAppId,
        [AppSecretKey] = SimulatorAppSecret,
        [ApiBaseUrlKey] = apiBaseUrl.AbsoluteUri,
        // The push receiver's, as local.settings.example.json gives them; the tests here never reach storage.
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["WeChat__PushToken"] = "simulator-push-token",
        ["WeChat__PushEncodingAesKey"] = "TG9naXN0aWNzRnVuY3Rpb25zLXNpbXVsYXRvci1rZXk",
        // The same keys in ':' form must not reach the worker from the test process's own environment.
        ["WeChat:AppId"] = null,
        ["WeChat:AppSecret"] = null,
        ["WeChat:ApiBaseUrl"] = null,
        // No vault: the AppSecret above is used as it is.
        ["KeyVault__VaultUri"] = null,
        ["KeyVault:VaultUri"] = null,
    };

    /// <summary>A configuration pointing at an address where nothing listens: for tests that call no function.</summary>
    public static Dictionary<string, string?> Unreachable() => Complete(new Uri("http://127.0.0.1:9/"));
}
