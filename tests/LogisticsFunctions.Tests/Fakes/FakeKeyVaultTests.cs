using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

namespace LogisticsFunctions.Tests.Fakes;

/// <summary>
/// Proves the fakes against the REAL SecretClient and the REAL credential chain, so tests built on them
/// exercise what production runs. The SDK keeps two process-wide caches that shape these tests: managed
/// identity tokens (per client id, across credential objects) and the vault's challenge (per host). Tests
/// that count token requests therefore use a fresh user-assigned identity, and tests that count vault
/// requests first warm their client with one read so no challenge round trip is left to happen.
/// </summary>
[Collection(KeyVaultCollectionDefinition.Name)]
public sealed class FakeKeyVaultTests(KeyVaultTestEnvironment environment) : IAsyncLifetime
{
    private FakeKeyVault Vault => environment.Vault;

    private FakeManagedIdentityEndpoint Identity => environment.Identity;

    // A test that failed midway must not leave a fault or a stopped vault to the next one.
    public Task InitializeAsync() => environment.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_secret_is_read_with_DefaultAzureCredential_through_the_app_service_identity_endpoint()
    {
        var name = UniqueName();
        var version = Vault.SetSecret(name, "wechat-app-secret-value");
        var readsBefore = Vault.SecretReads;

        // Configured only by the process environment, as in the deployed Functions app.
        var client = environment.CreateSecretClient(new DefaultAzureCredential());
        KeyVaultSecret secret = await client.GetSecretAsync(name);

        Assert.Equal("wechat-app-secret-value", secret.Value);
        Assert.Equal(name, secret.Name);
        Assert.Equal(version, secret.Properties.Version);
        Assert.Equal(Vault.VaultUri, secret.Properties.VaultUri);
        Assert.True(secret.Properties.Enabled);
        Assert.Equal(readsBefore + 1, Vault.SecretReads);

        // The token came from the fake endpoint (the vault accepts no other), asked for as App Service does.
        // It may have been fetched by an earlier test: the SDK caches it for the whole process.
        Assert.Contains(Identity.ReceivedRequests, request =>
            request.Succeeded
            && request.HeaderMatched
            && request.ClientId == KeyVaultTestEnvironment.UserAssignedClientId
            && request.Resource == FakeKeyVault.Resource
            && request.ApiVersion == FakeManagedIdentityEndpoint.ApiVersion);
    }

    [Fact]
    public async Task A_second_read_through_the_same_client_does_not_ask_the_identity_endpoint_again()
    {
        var name = UniqueName();
        Vault.SetSecret(name, "value");
        var clientId = environment.NewUserAssignedIdentity();
        var readsBefore = Vault.SecretReads;
        var client = environment.CreateSecretClient(
            new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId }));

        await client.GetSecretAsync(name);
        Assert.Equal(1, TokenRequestsFor(clientId));

        await client.GetSecretAsync(name);
        Assert.Equal(1, TokenRequestsFor(clientId));
        Assert.Equal(readsBefore + 2, Vault.SecretReads);
    }

    [Fact]
    public async Task ManagedIdentityCredential_sends_the_user_assigned_client_id()
    {
        var name = UniqueName();
        Vault.SetSecret(name, "value");
        var clientId = environment.NewUserAssignedIdentity();
        var client = environment.CreateSecretClient(
            new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)));

        KeyVaultSecret secret = await client.GetSecretAsync(name);

        Assert.Equal("value", secret.Value);
        var request = Assert.Single(Identity.ReceivedRequests, request => request.ClientId == clientId);
        Assert.True(request.Succeeded);
        Assert.Equal(FakeKeyVault.Resource, request.Resource);
    }

    [Fact]
    public async Task ManagedIdentityCredential_for_the_system_assigned_identity_sends_no_client_id()
    {
        var name = UniqueName();
        Vault.SetSecret(name, "value");
        var client = environment.CreateSecretClient(new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned));

        KeyVaultSecret secret = await client.GetSecretAsync(name);

        Assert.Equal("value", secret.Value);
        Assert.Contains(Identity.ReceivedRequests, request => request.Succeeded && request.ClientId is null);
    }

    [Fact]
    public async Task An_older_version_is_read_by_its_version_id()
    {
        var name = UniqueName();
        var first = Vault.SetSecret(name, "old");
        var second = Vault.SetSecret(name, "new");
        var client = environment.CreateSecretClient(new DefaultAzureCredential());

        KeyVaultSecret current = await client.GetSecretAsync(name);
        KeyVaultSecret older = await client.GetSecretAsync(name, first);

        Assert.Equal(("new", second), (current.Value, current.Properties.Version));
        Assert.Equal(("old", first), (older.Value, older.Properties.Version));
    }

    [Fact]
    public async Task An_unknown_secret_surfaces_as_RequestFailedException_with_SecretNotFound()
    {
        var client = environment.CreateSecretClient(new DefaultAzureCredential());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(UniqueName()));

        Assert.Equal(404, error.Status);
        Assert.Equal("SecretNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task A_forbidden_caller_gets_status_403_without_retries()
    {
        var (client, name) = await WarmClientAsync();
        Vault.SetFault(FakeVaultFault.Forbidden());
        var requestsBefore = Vault.Requests;

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name));

        Assert.Equal(403, error.Status);
        Assert.Equal("Forbidden", error.ErrorCode);
        Assert.Equal(requestsBefore + 1, Vault.Requests);
    }

    [Fact]
    public async Task A_single_throttled_response_is_retried_and_the_read_then_succeeds()
    {
        var (client, name) = await WarmClientAsync();
        Vault.EnqueueFault(FakeVaultFault.Throttled());
        var requestsBefore = Vault.Requests;
        var readsBefore = Vault.SecretReads;

        KeyVaultSecret secret = await client.GetSecretAsync(name);

        Assert.Equal("value", secret.Value);
        Assert.Equal(requestsBefore + 2, Vault.Requests);
        Assert.Equal(readsBefore + 1, Vault.SecretReads);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_and_the_read_then_succeeds()
    {
        var (client, name) = await WarmClientAsync();
        Vault.EnqueueFault(FakeVaultFault.ResetConnection());
        var requestsBefore = Vault.Requests;

        KeyVaultSecret secret = await client.GetSecretAsync(name);

        Assert.Equal("value", secret.Value);
        Assert.Equal(requestsBefore + 2, Vault.Requests);
    }

    [Fact]
    public async Task A_response_delayed_past_the_network_timeout_fails_with_a_timeout_on_every_try()
    {
        var (client, name) = await WarmClientAsync();
        Vault.SetFault(FakeVaultFault.Delay(TimeSpan.FromSeconds(30)));

        // Azure.Core gives up on each try after NetworkTimeout (2 s) and, retries spent, aggregates them.
        var error = await Assert.ThrowsAsync<AggregateException>(() => client.GetSecretAsync(name));

        Assert.Equal(3, error.InnerExceptions.Count);
        Assert.All(error.InnerExceptions, inner => Assert.IsType<TaskCanceledException>(inner));
    }

    [Fact]
    public async Task An_unreachable_vault_fails_and_the_same_client_recovers_after_restart()
    {
        var (client, name) = await WarmClientAsync();
        var vaultUri = Vault.VaultUri;

        await Vault.StopAsync();
        var error = await Assert.ThrowsAsync<AggregateException>(() => client.GetSecretAsync(name));
        Assert.All(error.InnerExceptions, inner => Assert.Equal(0, Assert.IsType<RequestFailedException>(inner).Status));

        await Vault.RestartAsync();
        KeyVaultSecret secret = await client.GetSecretAsync(name);

        Assert.Equal("value", secret.Value);
        Assert.Equal(vaultUri, Vault.VaultUri);
    }

    [Fact]
    public async Task A_token_the_identity_endpoint_did_not_issue_is_rejected_with_401()
    {
        var name = UniqueName();
        Vault.SetSecret(name, "value");
        var forged = DelegatedTokenCredential.Create((_, _) => new AccessToken("forged", DateTimeOffset.UtcNow.AddHours(1)));
        var client = environment.CreateSecretClient(forged);
        var readsBefore = Vault.SecretReads;

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name));

        Assert.Equal(401, error.Status);
        Assert.Equal(readsBefore, Vault.SecretReads);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_vault_certificate_cannot_connect()
    {
        // The default transport with the machine's trust store: only the pinned certificate makes TLS work.
        var options = new SecretClientOptions { DisableChallengeResourceVerification = true };
        options.Retry.MaxRetries = 0;
        var client = new SecretClient(Vault.VaultUri, new DefaultAzureCredential(), options);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(UniqueName()));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.InnerException?.InnerException);
    }

    [Fact]
    public async Task An_identity_not_assigned_to_the_app_fails_authentication_without_retrying()
    {
        var name = UniqueName();
        Vault.SetSecret(name, "value");
        var unassigned = Guid.NewGuid().ToString();
        var readsBefore = Vault.SecretReads;
        var client = environment.CreateSecretClient(
            new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = unassigned }));

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => client.GetSecretAsync(name));

        Assert.Contains("Unable to load the proper Managed Identity", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, TokenRequestsFor(unassigned));
        Assert.Equal(readsBefore, Vault.SecretReads);
    }

    [Fact]
    public async Task A_failing_identity_endpoint_fails_authentication_and_the_client_recovers_once_it_heals()
    {
        var name = UniqueName();
        Vault.SetSecret(name, "value");
        var clientId = environment.NewUserAssignedIdentity();

        // The identity pipeline retries 500s with backoff; a short delay keeps this test quick.
        var credentialOptions = new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId };
        credentialOptions.Retry.Delay = TimeSpan.FromMilliseconds(20);
        var client = environment.CreateSecretClient(new DefaultAzureCredential(credentialOptions));
        Identity.SetFailure(FakeIdentityFailure.ServerError());

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => client.GetSecretAsync(name));
        var failed = Identity.ReceivedRequests.Where(request => request.ClientId == clientId).ToList();
        Assert.True(failed.Count > 1, "a 500 from the identity endpoint is retried");
        Assert.All(failed, request => Assert.False(request.Succeeded));

        Identity.SetFailure(null);
        KeyVaultSecret secret = await client.GetSecretAsync(name);

        Assert.Equal("value", secret.Value);
        Assert.Equal(failed.Count + 1, TokenRequestsFor(clientId));
    }

    private static string UniqueName() => "secret-" + Guid.NewGuid().ToString("N");

    private int TokenRequestsFor(string clientId) =>
        Identity.ReceivedRequests.Count(request => request.ClientId == clientId);

    /// <summary>A client that already holds a token and the vault's challenge, and the name of a secret it read.</summary>
    private async Task<(SecretClient Client, string Name)> WarmClientAsync()
    {
        var name = UniqueName();
        Vault.SetSecret(name, "value");
        var client = environment.CreateSecretClient(new DefaultAzureCredential());
        await client.GetSecretAsync(name);
        return (client, name);
    }
}
