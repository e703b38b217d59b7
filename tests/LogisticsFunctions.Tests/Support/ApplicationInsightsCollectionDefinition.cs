using LogisticsFunctions.Tests.Fakes;
using LogisticsFunctions.Tests.Push;

namespace LogisticsFunctions.Tests.Support;

/// <summary>
/// The test classes that turn Application Insights' classic dependency collector on, run alone: after every
/// parallel collection, one class at a time. The collector keeps one active HttpClient listener per process —
/// the first app to start it — so while another test's app with it is alive, this test's dependency items go to
/// that app's channel, and a test that looks for its own finds none (seen: WebhookNoLeakTests beside NoLeakTests).
/// Its own Key Vault fakes and Azurite, so it never waits on the collections that share theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ApplicationInsightsCollectionDefinition : ICollectionFixture<KeyVaultTestEnvironment>, ICollectionFixture<AzuriteFixture>
{
    public const string Name = "ApplicationInsights";
}
