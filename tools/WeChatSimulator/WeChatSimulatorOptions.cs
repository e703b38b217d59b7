using LogisticsFunctions.WeChatSimulator.Backend;
using LogisticsFunctions.WeChatSimulator.Push;

namespace LogisticsFunctions.WeChatSimulator;

/// <summary>The mini program the simulator pretends to be, and the clock it keeps.</summary>
public sealed class WeChatSimulatorOptions
{
    /// <summary>The only appid stable_token accepts; anything else answers 40013.</summary>
    public string AppId { get; init; } = "wx0123456789abcdef";

    /// <summary>The secret stable_token accepts until <see cref="WeChatSimulatorServer.SetAppSecret"/> rotates it.</summary>
    public string AppSecret { get; init; } = "simulator-app-secret-0123456789ab";

    /// <summary>How long an access token lives; WeChat's is 7200 seconds.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(7200);

    /// <summary>
    /// Drives token expiry and <see cref="SimulatorFault.Delay"/>, so tests can move time with a FakeTimeProvider.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where testUpdateOrder pushes its <c>add_express_path</c> events, signed and encrypted like WeChat; null (the
    /// default for tests) pushes nothing. Pushes run on <see cref="TimeProvider"/>.
    /// </summary>
    public PushOptions? Push { get; init; }

    /// <summary>The one secret the backend at <c>/backend/webhook</c> verifies the app's webhooks with.</summary>
    public string WebhookSecret { get; init; } = WebhookBackend.DevelopmentSecret;
}
