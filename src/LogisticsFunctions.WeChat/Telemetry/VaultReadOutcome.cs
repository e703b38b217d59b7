using Azure;
using Azure.Identity;

namespace LogisticsFunctions.WeChat.Telemetry;

/// <summary>The <c>outcome</c> of <c>wechat.key_vault.reads</c>, as docs/operations.md's secrets alert explains each.</summary>
public static class VaultReadOutcome
{
    public const string Ok = "ok";

    /// <summary>No such secret (404).</summary>
    public const string NotFound = "not_found";

    /// <summary>The vault or the identity refused the app (401/403, no token): an operator must act.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>Key Vault throttled the read (429).</summary>
    public const string Throttled = "throttled";

    /// <summary>Key Vault failed (5xx), could not be reached, or did not answer in time.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>What a failed read's exception says, in the words above.</summary>
    public static string Of(Exception failure) => failure switch
    {
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Of(aggregate.InnerExceptions[^1]),
        RequestFailedException { Status: 401 or 403 } => Forbidden,
        RequestFailedException { Status: 404 } => NotFound,
        RequestFailedException { Status: 429 } => Throttled,
        AuthenticationFailedException or CredentialUnavailableException => Forbidden,
        _ => Unavailable,
    };
}
