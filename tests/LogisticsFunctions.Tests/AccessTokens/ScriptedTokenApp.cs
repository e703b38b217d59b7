using System.Text;
using LogisticsFunctions.CloudCall.Methods;
using LogisticsFunctions.Tests.Support;
using LogisticsFunctions.WeChat.AccessTokens;
using LogisticsFunctions.WeChat.Api;
using LogisticsFunctions.WeChat.Http;
using Microsoft.Extensions.Time.Testing;

namespace LogisticsFunctions.Tests.AccessTokens;

/// <summary>
/// The app's real services with the shipped defaults, on a fake clock, against a <see cref="ScriptedWeChat"/>. WeChat's
/// own clock stands still unless a test moves it: moving the app's clock into a token's refresh window then gets a
/// refresh that WeChat answers with the value it considers current, the same one, as when its renewal lags ours.
/// </summary>
internal sealed class ScriptedTokenApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private ScriptedTokenApp(FakeTimeProvider time, ScriptedWeChat weChat, WeChatTestServices services)
    {
        Time = time;
        WeChat = weChat;
        Services = services;
    }

    /// <summary>The app's clock.</summary>
    public FakeTimeProvider Time { get; }

    public ScriptedWeChat WeChat { get; }

    public WeChatTestServices Services { get; }

    public AccessTokenProvider Tokens => Services.Get<AccessTokenProvider>();

    public CapturedLogs Logs => Services.Logs;

    /// <summary>
    /// Starts WeChat and the app. <paramref name="appClock"/> makes the app's clock from the fake one when a test needs
    /// another kind (one whose wall clock can be stepped); <see cref="Time"/> still advances it.
    /// </summary>
    public static async Task<ScriptedTokenApp> StartAsync(Func<FakeTimeProvider, TimeProvider>? appClock = null)
    {
        var time = new FakeTimeProvider(Start);
        var weChat = await ScriptedWeChat.StartAsync(new FakeTimeProvider(Start));
        var services = WeChatTestServices.Create(weChat.BaseAddress, ScriptedWeChat.AppId, weChat.AppSecret, timeProvider: appClock?.Invoke(time) ?? time);
        return new ScriptedTokenApp(time, weChat, services);
    }

    /// <summary>One call to path/get through the app's WeChat client: token, call, and the one retry after a refusal.</summary>
    public Task<WeChatResponse> CallAsync(CancellationToken cancellationToken = default) =>
        Services.Get<WeChatApiClient>().CallAsync(LogisticsMethods.GetPath.Api, Encoding.UTF8.GetBytes("""{"caller":0}"""), cancellationToken);

    /// <summary>Waits (in real time: fetches run on the thread pool over loopback HTTP) until no fetch is under way.</summary>
    public async Task WaitUntilNoFetchIsRunningAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Tokens.IsFetching)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    /// <summary>The warnings the token provider logged that contain <paramref name="text"/>.</summary>
    public List<string> ProviderWarnings(string text) =>
    [
        .. Logs.Lines.Where(line =>
            line.StartsWith($"Warning {typeof(AccessTokenProvider).FullName}:", StringComparison.Ordinal)
            && line.Contains(text, StringComparison.Ordinal)),
    ];

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await WeChat.DisposeAsync();
    }
}
