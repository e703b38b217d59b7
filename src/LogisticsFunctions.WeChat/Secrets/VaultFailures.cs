using Azure;
using Azure.Identity;

namespace LogisticsFunctions.WeChat.Secrets;

/// <summary>What a failed Key Vault read of a named secret is called, for callers, logs and answers.</summary>
public static class VaultFailures
{
    /// <summary>
    /// <paramref name="ex"/> as a <see cref="SecretUnavailableException"/> naming secret <paramref name="name"/>:
    /// only the status, the service's error code and our own words, since RequestFailedException's message
    /// carries the vault's headers and body, which callers and logs do not need.
    /// </summary>
    public static SecretUnavailableException Describe(string name, Exception ex) => ex switch
    {
        // The SDK reports a read whose every retry failed as the list of those failures: the last one says most.
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Describe(name, aggregate.InnerExceptions[^1]),
        RequestFailedException { Status: 401 or 403 } e => new(
            $"Key Vault denied access to secret '{name}' ({e.Status} {e.ErrorCode}): grant the app's identity the Key Vault Secrets User role",
            isTransient: false, ex),
        RequestFailedException { Status: 404 } => new(
            $"Key Vault has no secret '{name}': set it with az keyvault secret set", isTransient: false, ex),
        RequestFailedException { Status: 429 } => new(
            $"Key Vault is throttling reads of secret '{name}'", isTransient: true, ex),
        RequestFailedException { Status: >= 500 } e => new(
            $"Key Vault failed to read secret '{name}' (HTTP {e.Status})", isTransient: true, ex),
        RequestFailedException { Status: 0 } or HttpRequestException => new(
            $"Key Vault could not be reached to read secret '{name}'", isTransient: true, ex),
        RequestFailedException e => new(
            $"Key Vault refused to read secret '{name}' (HTTP {e.Status} {e.ErrorCode})", isTransient: false, ex),
        AuthenticationFailedException or CredentialUnavailableException => new(
            $"no Azure credential could get a token for Key Vault to read secret '{name}': check the app's managed identity",
            isTransient: false, ex),
        OperationCanceledException => new(
            $"Key Vault did not answer in time when reading secret '{name}'", isTransient: true, ex),
        _ => new($"reading secret '{name}' from Key Vault failed ({ex.GetType().Name})", isTransient: true, ex),
    };
}
