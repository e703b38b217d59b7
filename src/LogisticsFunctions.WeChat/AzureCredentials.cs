using Azure.Core;
using Azure.Identity;

namespace LogisticsFunctions.WeChat;

/// <summary>
/// The app's one Azure credential (Key Vault, Storage, Application Insights). On Azure, App Service and
/// Functions publish the managed identity endpoint as <c>IDENTITY_ENDPOINT</c>: the app then uses
/// <see cref="ManagedIdentityCredential"/> alone, for the user-assigned identity named by
/// <c>AZURE_CLIENT_ID</c> (or the system-assigned one), as the Azure SDK's guidance asks for production.
/// Anywhere else it is a developer's machine: <see cref="DefaultAzureCredential"/> finds their sign-in
/// (Azure CLI, Visual Studio, environment), without the instance-metadata probe that only times out off Azure.
/// </summary>
public static class AzureCredentials
{
    public const string IdentityEndpointVariable = "IDENTITY_ENDPOINT";
    public const string ClientIdVariable = "AZURE_CLIENT_ID";

    /// <summary>The credential for the environment <paramref name="environment"/> describes (a variable name to its value).</summary>
    public static TokenCredential Create(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (string.IsNullOrEmpty(environment(IdentityEndpointVariable)))
        {
            return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ExcludeManagedIdentityCredential = true });
        }

        var clientId = environment(ClientIdVariable);
        return new ManagedIdentityCredential(string.IsNullOrEmpty(clientId)
            ? ManagedIdentityId.SystemAssigned
            : ManagedIdentityId.FromUserAssignedClientId(clientId));
    }
}
