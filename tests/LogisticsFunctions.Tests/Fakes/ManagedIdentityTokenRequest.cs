namespace LogisticsFunctions.Tests.Fakes;

/// <summary>
/// One request as <see cref="FakeManagedIdentityEndpoint"/> received it, so tests can check what the real
/// credential sent (resource, user-assigned client id, protocol version, secret header).
/// </summary>
/// <param name="Resource">The <c>resource</c> query parameter (the scope without <c>/.default</c>).</param>
/// <param name="ClientId">The <c>client_id</c> query parameter; null for the system-assigned identity.</param>
/// <param name="ApiVersion">The <c>api-version</c> query parameter.</param>
/// <param name="HeaderMatched">Whether <c>X-IDENTITY-HEADER</c> carried the endpoint's secret.</param>
/// <param name="Succeeded">Whether a token was issued.</param>
public sealed record ManagedIdentityTokenRequest(
    string? Resource, string? ClientId, string? ApiVersion, bool HeaderMatched, bool Succeeded);
