using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.AspNetCore.Http;

namespace LogisticsFunctions.Tests.Fakes;

/// <summary>
/// The App Service / Azure Functions managed identity endpoint on http://127.0.0.1: what the platform exposes
/// to the app through <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c>, and what the real
/// <c>ManagedIdentityCredential</c> (through MSAL's App Service source) calls:
/// <c>GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&amp;resource=…[&amp;client_id=…]</c> with header
/// <c>X-IDENTITY-HEADER: {IDENTITY_HEADER}</c>, answered with
/// <c>{"access_token","expires_on"(unix seconds, as a string),"resource","token_type":"Bearer","client_id"}</c>.
/// Tokens are opaque random strings; <see cref="FakeKeyVault.TrustTokensFrom"/> makes the vault accept only them.
/// </summary>
public sealed class FakeManagedIdentityEndpoint : IAsyncDisposable
{
    /// <summary>The protocol version Azure.Identity sends to App Service's endpoint.</summary>
    public const string ApiVersion = "2019-08-01";

    private const string TokenPath = "/msi/token";

    private readonly Lock gate = new();
    private readonly LoopbackServer server;
    private readonly HashSet<string> userAssignedClientIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> issuedTokens = new(StringComparer.Ordinal);
    private readonly List<string> issuedInOrder = [];
    private readonly List<ManagedIdentityTokenRequest> received = [];
    private readonly FaultSchedule<FakeIdentityFailure> failures = new();
    private TimeSpan tokenLifetime = TimeSpan.FromHours(24);
    private int tokenRequests;

    private FakeManagedIdentityEndpoint(LoopbackServer server)
    {
        this.server = server;
        Endpoint = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{server.Port}{TokenPath}"));
    }

    /// <summary>The value for <c>IDENTITY_ENDPOINT</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The value for <c>IDENTITY_HEADER</c>: the secret every request must echo in <c>X-IDENTITY-HEADER</c>.</summary>
    public string Header { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The client id reported for tokens of the system-assigned identity (requests without <c>client_id</c>).</summary>
    public string SystemAssignedClientId { get; } = Guid.NewGuid().ToString();

    /// <summary>How long issued tokens claim to be valid (24 h, as on Azure, unless changed).</summary>
    public TimeSpan TokenLifetime
    {
        get { lock (gate) { return tokenLifetime; } }
        set { lock (gate) { tokenLifetime = value; } }
    }

    /// <summary>Every request to the token path, failed ones included.</summary>
    public int TokenRequests => Volatile.Read(ref tokenRequests);

    /// <summary>The tokens issued so far, oldest first.</summary>
    public IReadOnlyList<string> IssuedTokens
    {
        get { lock (gate) { return [.. issuedInOrder]; } }
    }

    /// <summary>Every token request received so far, oldest first.</summary>
    public IReadOnlyList<ManagedIdentityTokenRequest> ReceivedRequests
    {
        get { lock (gate) { return [.. received]; } }
    }

    /// <summary>Starts the endpoint on a free loopback port. Only the system-assigned identity exists until <see cref="AddUserAssignedIdentity"/>.</summary>
    public static async Task<FakeManagedIdentityEndpoint> StartAsync(CancellationToken cancellationToken = default)
    {
        // The handler needs the endpoint and the endpoint needs the server's port: bind them through a closure.
        // No request can arrive before the assignment, since nobody knows the port yet.
        FakeManagedIdentityEndpoint? endpoint = null;
        var server = await LoopbackServer.StartAsync(
            0, certificate: null, context => endpoint!.HandleAsync(context), cancellationToken);
        endpoint = new FakeManagedIdentityEndpoint(server);
        return endpoint;
    }

    /// <summary>Whether this endpoint issued <paramref name="token"/>: the fake vault's notion of a valid token.</summary>
    public bool HasIssued(string token)
    {
        lock (gate)
        {
            return issuedTokens.Contains(token);
        }
    }

    /// <summary>Assigns a user-assigned identity to the "app"; requests for any other client id get 400 identity not found.</summary>
    public void AddUserAssignedIdentity(string clientId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        lock (gate)
        {
            userAssignedClientIds.Add(clientId);
        }
    }

    /// <summary>Answers every token request with <paramref name="failure"/> until replaced or cleared with null.</summary>
    public void SetFailure(FakeIdentityFailure? failure) => failures.SetPersistent(failure);

    /// <summary>Answers the next <paramref name="times"/> token requests with <paramref name="failure"/>.</summary>
    public void EnqueueFailure(FakeIdentityFailure failure, int times = 1) => failures.Enqueue(failure, times);

    /// <summary>Removes the persistent failure and any queued ones.</summary>
    public void ClearFailures() => failures.Clear();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || !request.Path.Equals(TokenPath, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Interlocked.Increment(ref tokenRequests);
        string? resource = request.Query["resource"];
        string? clientId = request.Query["client_id"];
        string? apiVersion = request.Query["api-version"];
        var headerMatched = string.Equals(request.Headers["X-IDENTITY-HEADER"], Header, StringComparison.Ordinal);

        var failure = Check(resource, clientId, apiVersion, headerMatched);
        if (failure is not null)
        {
            Record(new ManagedIdentityTokenRequest(resource, clientId, apiVersion, headerMatched, Succeeded: false));
            await failure.WriteAsync(context);
            return;
        }

        var token = "fake-mi-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        DateTimeOffset expiresOn;
        lock (gate)
        {
            expiresOn = DateTimeOffset.UtcNow + tokenLifetime;
            issuedTokens.Add(token);
            issuedInOrder.Add(token);
        }

        Record(new ManagedIdentityTokenRequest(resource, clientId, apiVersion, headerMatched, Succeeded: true));
        var body = new JsonObject
        {
            ["access_token"] = token,
            ["expires_on"] = expiresOn.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
            ["client_id"] = clientId ?? SystemAssignedClientId,
        };
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>Protocol errors first (as the platform checks them), then injected failures, then unknown identities.</summary>
    private FakeIdentityFailure? Check(string? resource, string? clientId, string? apiVersion, bool headerMatched)
    {
        if (!headerMatched)
        {
            return FakeIdentityFailure.Status(StatusCodes.Status401Unauthorized, "X-IDENTITY-HEADER is missing or does not match IDENTITY_HEADER.");
        }

        if (!string.Equals(apiVersion, ApiVersion, StringComparison.Ordinal))
        {
            return FakeIdentityFailure.Status(StatusCodes.Status400BadRequest, $"Unsupported api-version '{apiVersion}'.");
        }

        if (string.IsNullOrEmpty(resource))
        {
            return FakeIdentityFailure.Status(StatusCodes.Status400BadRequest, "The resource parameter is required.");
        }

        if (failures.Next() is { } failure)
        {
            return failure;
        }

        lock (gate)
        {
            return clientId is null || userAssignedClientIds.Contains(clientId) ? null : FakeIdentityFailure.IdentityNotFound();
        }
    }

    private void Record(ManagedIdentityTokenRequest request)
    {
        lock (gate)
        {
            received.Add(request);
        }
    }
}
