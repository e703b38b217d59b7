namespace LogisticsFunctions.Tests.Fakes;

/// <summary>
/// Every test class marked <c>[Collection(KeyVaultCollectionDefinition.Name)]</c> shares one
/// <see cref="KeyVaultTestEnvironment"/> and runs sequentially with the others: the credential chain reads
/// process-wide environment variables, and faults injected into the shared fakes must not hit a test
/// running at the same time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KeyVaultCollectionDefinition : ICollectionFixture<KeyVaultTestEnvironment>
{
    public const string Name = "KeyVault";
}
