namespace LogisticsFunctions.Tests.Webhooks;

/// <summary>Signing secrets for tests: the simulator backend's development secret, and another for a change of secrets.</summary>
internal static class TestWebhookSecrets
{
    /// <summary>What local.settings.example.json and the simulator's backend hold.</summary>
    public const string Current = WeChatSimulator.Backend.WebhookBackend.DevelopmentSecret;

    /// <summary>The Base64 of 40 other fixed bytes.</summary>
    public const string Previous = "whsec_TG9naXN0aWNzRnVuY3Rpb25zIHByZXZpb3VzIHdlYmhvb2sga2V5IQ==";
}
