using Azure.Identity;
using LogisticsFunctions.WeChat;

namespace LogisticsFunctions.Tests.AppSecrets;

/// <summary>On Azure the managed identity alone (no chain to probe); on a developer's machine the developer chain.</summary>
public sealed class AzureCredentialsTests
{
    [Fact]
    public void OnAzureTheAppUsesItsManagedIdentityAlone()
    {
        var environment = new Dictionary<string, string?>
        {
            ["IDENTITY_ENDPOINT"] = "http://127.0.0.1:41000/msi/token",
            ["AZURE_CLIENT_ID"] = "3f1c7e0a-6b2d-4e55-9a51-2c8d1f0b7a64",
        };

        Assert.IsType<ManagedIdentityCredential>(AzureCredentials.Create(name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void ElsewhereTheDevelopersSignInIsUsed() =>
        Assert.IsType<DefaultAzureCredential>(AzureCredentials.Create(_ => null));
}
