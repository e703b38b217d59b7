using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;

namespace LogisticsFunctions.Tests.Fakes;

/// <summary>
/// A fake vault plus the fake managed identity endpoint, wired so the REAL credential chain
/// (the app's <c>ManagedIdentityCredential</c>, chosen because <c>IDENTITY_ENDPOINT</c> is set, or a test's
/// <c>DefaultAzureCredential</c> → <c>ManagedIdentityCredential</c> → MSAL's App Service source) and the
/// REAL <c>SecretClient</c> talk to them exactly as they would on Azure Functions.
/// <para>
/// The credential chain reads the process environment, which every test in the process shares. So the
/// identity endpoint and the variables pointing at it are set up once per process, on first use, and are
/// left in place until the process exits (never restored): any test in this assembly that builds a
/// <c>DefaultAzureCredential</c> afterwards gets the fake identity, and nothing can ever fall back to
/// developer tools or the real IMDS address. Setting them up is idempotent and safe from parallel callers.
/// Each environment owns its own vault, and the vault accepts only tokens the shared endpoint issued.
/// Use it through the "KeyVault" collection (<see cref="KeyVaultCollectionDefinition"/>) so Key Vault tests run one
/// at a time and fault injection in one test cannot leak into another running concurrently.
/// </para>
/// </summary>
public sealed class KeyVaultTestEnvironment : IAsyncLifetime
{
    /// <summary>
    /// The user-assigned identity's client id, published as <c>AZURE_CLIENT_ID</c> as production sets it;
    /// <c>DefaultAzureCredential</c> sends it as <c>client_id</c>.
    /// </summary>
    public const string UserAssignedClientId = "3f1c7e0a-6b2d-4e55-9a51-2c8d1f0b7a64";

    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static FakeManagedIdentityEndpoint? sharedIdentity;

    private readonly Lock gate = new();
    private readonly List<HttpClient> httpClients = [];
    private FakeKeyVault? vault;
    private FakeManagedIdentityEndpoint? identity;

    /// <summary>The vault (valid after <see cref="InitializeAsync"/> or <see cref="StartAsync"/>).</summary>
    public FakeKeyVault Vault => vault ?? throw NotStarted();

    /// <summary>The process-wide identity endpoint that <c>IDENTITY_ENDPOINT</c> points at.</summary>
    public FakeManagedIdentityEndpoint Identity => identity ?? throw NotStarted();

    /// <summary>Starts an environment outside xunit's fixture machinery; dispose it with <see cref="DisposeAsync"/>.</summary>
    public static async Task<KeyVaultTestEnvironment> StartAsync(CancellationToken cancellationToken = default)
    {
        var environment = new KeyVaultTestEnvironment();
        await environment.StartCoreAsync(cancellationToken);
        return environment;
    }

    /// <summary>
    /// Options for a REAL <c>SecretClient</c> pointed at <see cref="Vault"/>: it trusts exactly the vault's
    /// certificate (nothing else, so no other TLS trust is weakened), skips the check that the vault host is a
    /// subdomain of the challenge's resource (the host is 127.0.0.1, not *.vault.azure.net), and retries little
    /// and briefly so fault tests finish fast: MaxRetries 2, Delay 50 ms, NetworkTimeout 2 s.
    /// </summary>
    public SecretClientOptions CreateSecretClientOptions()
    {
        var certificate = Vault.Certificate;
#pragma warning disable CA2000 // The HttpClient owns the handler; the environment disposes the client.
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => LoopbackCertificate.IsSame(presented, certificate),
            },
        };
#pragma warning restore CA2000

        // The SDK's own NetworkTimeout must govern, as with its default transport, not HttpClient's 100 s.
        var httpClient = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        lock (gate)
        {
            httpClients.Add(httpClient);
        }

        var options = new SecretClientOptions
        {
            Transport = new HttpClientTransport(httpClient),
            DisableChallengeResourceVerification = true,
        };
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(2);
        return options;
    }

    /// <summary>A REAL <c>SecretClient</c> for <see cref="Vault"/> with <see cref="CreateSecretClientOptions"/>.</summary>
    public SecretClient CreateSecretClient(TokenCredential credential) =>
        new(Vault.VaultUri, credential, CreateSecretClientOptions());

    /// <summary>
    /// Assigns a fresh user-assigned identity and returns its client id. The SDK caches managed identity
    /// tokens per client id beyond the life of one credential object, so a test that counts token requests
    /// or breaks the identity endpoint uses its own identity to start from an empty cache.
    /// </summary>
    public string NewUserAssignedIdentity()
    {
        var clientId = Guid.NewGuid().ToString();
        Identity.AddUserAssignedIdentity(clientId);
        return clientId;
    }

    /// <summary>Clears injected faults on both fakes and restarts the vault if a test left it stopped.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        Vault.ClearFaults();
        Identity.ClearFailures();
        if (!Vault.IsRunning)
        {
            await Vault.RestartAsync(cancellationToken);
        }
    }

    public Task InitializeAsync() => StartCoreAsync(CancellationToken.None);

    /// <summary>Stops this environment's vault. The shared identity endpoint and environment variables stay for the process.</summary>
    public async Task DisposeAsync()
    {
        HttpClient[] clients;
        lock (gate)
        {
            clients = [.. httpClients];
            httpClients.Clear();
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }

        if (vault is not null)
        {
            await vault.DisposeAsync();
        }
    }

    private static InvalidOperationException NotStarted() =>
        new("The Key Vault test environment is not started: use it as a collection fixture or through StartAsync.");

    /// <summary>Starts the identity endpoint and publishes it to the process environment, once per process.</summary>
    private static async Task<FakeManagedIdentityEndpoint> GetSharedIdentityAsync(CancellationToken cancellationToken)
    {
        await SharedGate.WaitAsync(cancellationToken);
        try
        {
            if (sharedIdentity is null)
            {
                var started = await FakeManagedIdentityEndpoint.StartAsync(cancellationToken);
                started.AddUserAssignedIdentity(UserAssignedClientId);
                PublishToProcessEnvironment(started);
                sharedIdentity = started;
            }

            return sharedIdentity;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    private static void PublishToProcessEnvironment(FakeManagedIdentityEndpoint endpoint)
    {
        // What App Service / Functions sets for an app with a managed identity; MSAL picks its App Service
        // source when both are present.
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", endpoint.Endpoint.AbsoluteUri);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", endpoint.Header);

        // What our deployment sets for the user-assigned identity.
        Environment.SetEnvironmentVariable("AZURE_CLIENT_ID", UserAssignedClientId);

        // DefaultAzureCredential then builds only ManagedIdentityCredential: no developer-tool probing
        // (Azure CLI, Visual Studio...), no environment/workload credentials, no IMDS probe.
        Environment.SetEnvironmentVariable("AZURE_TOKEN_CREDENTIALS", "ManagedIdentityCredential");

        // Variables that would make MSAL choose another source (Azure Arc, Service Fabric, Cloud Shell,
        // older App Service) or point IMDS elsewhere are removed, whatever the machine had.
        foreach (var name in new[]
        {
            "IMDS_ENDPOINT", "IDENTITY_SERVER_THUMBPRINT", "MSI_ENDPOINT", "MSI_SECRET",
            "AZURE_POD_IDENTITY_AUTHORITY_HOST", "AZURE_FEDERATED_TOKEN_FILE",
        })
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        identity = await GetSharedIdentityAsync(cancellationToken);
        vault = await FakeKeyVault.StartAsync(cancellationToken);
        vault.TrustTokensFrom(identity);
    }
}
