using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LogisticsFunctions.WeChatSimulator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LogisticsFunctions.Tests.Fakes;

/// <summary>
/// An Azure Key Vault data plane on https://127.0.0.1 that answers the real <c>SecretClient</c>: the
/// bearer challenge, <c>GET /secrets/{name}[/{version}]</c>, the list of a secret's versions and Key
/// Vault's error bodies, plus fault injection and stop/restart so tests can see what the SDK does when the
/// vault misbehaves or vanishes.
/// Nothing here reaches Azure: the challenge names a login authority only as text for the SDK to parse.
/// </summary>
public sealed partial class FakeKeyVault : IAsyncDisposable
{
    /// <summary>The resource every Key Vault token is for; the challenge names it and the SDK asks for <c>{it}/.default</c>.</summary>
    public const string Resource = "https://vault.azure.net";

    private readonly Lock gate = new();
    private readonly SemaphoreSlim lifecycle = new(1, 1);
    private readonly Dictionary<string, List<StoredSecret>> secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly FaultSchedule<FakeVaultFault> faults = new();
    private readonly ConcurrentDictionary<string, int> readsByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly int port;
    private Func<string, bool> acceptsToken = token => token.Length > 0;
    private LoopbackServer? server;
    private int requests;
    private int secretReads;
    private int versionListings;
    private int disposed;

    private FakeKeyVault(X509Certificate2 certificate, LoopbackServer server)
    {
        Certificate = certificate;
        this.server = server;
        port = server.Port;
        VaultUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{port}/"));
    }

    /// <summary>Base address to give <c>SecretClient</c>; it stays the same across <see cref="RestartAsync"/>.</summary>
    public Uri VaultUri { get; }

    /// <summary>The self-signed certificate the vault serves; clients must trust exactly this one.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The tenant the challenge names. Managed identity ignores it, but the SDK parses it.</summary>
    public Guid TenantId { get; } = Guid.NewGuid();

    /// <summary>The <c>WWW-Authenticate</c> value of every 401, in Key Vault's format.</summary>
    public string Challenge => string.Create(
        CultureInfo.InvariantCulture,
        $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"{Resource}\"");

    /// <summary>Every request that reached the vault, challenges and faults included.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>Secret reads answered with 200.</summary>
    public int SecretReads => Volatile.Read(ref secretReads);

    /// <summary>Reads of secret <paramref name="name"/> (any version) answered with 200.</summary>
    public int ReadsOf(string name) => readsByName.GetValueOrDefault(name);

    /// <summary>Listings of a secret's versions (<c>GET /secrets/{name}/versions</c>) answered with 200.</summary>
    public int VersionListings => Volatile.Read(ref versionListings);

    /// <summary>Whether the vault is listening (false between <see cref="StopAsync"/> and <see cref="RestartAsync"/>).</summary>
    public bool IsRunning => Volatile.Read(ref server) is not null;

    /// <summary>Starts a vault on a free loopback port with a certificate made for it.</summary>
    public static async Task<FakeKeyVault> StartAsync(CancellationToken cancellationToken = default)
    {
        var certificate = LoopbackCertificate.Create();
        FakeKeyVault? vault = null;
        try
        {
            // The handler needs the vault and the vault needs the server's port: bind them through a closure.
            // No request can arrive before the assignment, since nobody knows the port yet.
            var server = await LoopbackServer.StartAsync(
                0, certificate, context => vault!.HandleAsync(context), cancellationToken);
            vault = new FakeKeyVault(certificate, server);
            return vault;
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Accepts only bearer tokens <paramref name="issuer"/> handed out, the way the real vault accepts only
    /// tokens Entra ID issued for it. Until this (or <see cref="AcceptTokens"/>) is called any non-empty token passes.
    /// </summary>
    public void TrustTokensFrom(FakeManagedIdentityEndpoint issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        AcceptTokens(issuer.HasIssued);
    }

    /// <summary>Sets the rule deciding which bearer tokens are valid.</summary>
    public void AcceptTokens(Func<string, bool> isValid)
    {
        ArgumentNullException.ThrowIfNull(isValid);
        lock (gate)
        {
            acceptsToken = isValid;
        }
    }

    /// <summary>
    /// Stores <paramref name="value"/> as a new current version of <paramref name="name"/>; returns the version id.
    /// <paramref name="createdOn"/> is the version's <c>created</c> attribute (now when null: tests on a fake clock
    /// give their own), <paramref name="expiresOn"/> its optional <c>exp</c>, which, as in Key Vault, does not
    /// stop the secret from being read.
    /// </summary>
    public string SetSecret(string name, string value, DateTimeOffset? createdOn = null, DateTimeOffset? expiresOn = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!SecretName().IsMatch(name))
        {
            throw new ArgumentException("Key Vault secret names are 1-127 letters, digits and dashes.", nameof(name));
        }

        var secret = new StoredSecret(Guid.NewGuid().ToString("N"), value, createdOn ?? DateTimeOffset.UtcNow) { Expires = expiresOn };
        lock (gate)
        {
            if (!secrets.TryGetValue(name, out var versions))
            {
                secrets[name] = versions = [];
            }

            versions.Add(secret);
        }

        return secret.Version;
    }

    /// <summary>Applies <paramref name="fault"/> to every authenticated request until replaced or cleared with null.</summary>
    public void SetFault(FakeVaultFault? fault) => faults.SetPersistent(fault);

    /// <summary>Applies <paramref name="fault"/> to the next <paramref name="times"/> authenticated requests, before any persistent fault.</summary>
    public void EnqueueFault(FakeVaultFault fault, int times = 1) => faults.Enqueue(fault, times);

    /// <summary>Removes the persistent fault and any queued ones.</summary>
    public void ClearFaults() => faults.Clear();

    /// <summary>Stops listening: connections are refused, as when the vault is unreachable. Idempotent.</summary>
    public async Task StopAsync()
    {
        await lifecycle.WaitAsync();
        try
        {
            var running = Interlocked.Exchange(ref server, null);
            if (running is not null)
            {
                await running.DisposeAsync();
            }
        }
        finally
        {
            lifecycle.Release();
        }
    }

    /// <summary>
    /// Listens again on the same port with the same certificate and secrets (stopping first if running),
    /// so clients built for <see cref="VaultUri"/> recover. Fails if something else took the port meanwhile.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await lifecycle.WaitAsync(cancellationToken);
        try
        {
            var running = Interlocked.Exchange(ref server, null);
            if (running is not null)
            {
                await running.DisposeAsync();
            }

            var restarted = await LoopbackServer.StartAsync(port, Certificate, HandleAsync, cancellationToken);
            Volatile.Write(ref server, restarted);
        }
        finally
        {
            lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await StopAsync();
        lifecycle.Dispose();
        Certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);

        // A fault holding a request open gives up when the client goes away or the vault stops.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellationToken = aborted.Token;

        if (!TryReadAcceptedToken(context.Request, out var problem))
        {
            // Key Vault's first answer to a client: SecretClient learns the authority and resource from it.
            context.Response.Headers.WWWAuthenticate = Challenge;
            await FakeVaultFault.WriteErrorAsync(
                context, StatusCodes.Status401Unauthorized, "Unauthorized", problem, cancellationToken);
            return;
        }

        var fault = TakeFault();
        if (fault is not null && await fault.ApplyAsync(context, cancellationToken))
        {
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await FakeVaultFault.WriteErrorAsync(
                context, StatusCodes.Status405MethodNotAllowed, "BadParameter",
                "The fake vault only serves GET /secrets/{name}[/{version}] and /secrets/{name}/versions.", cancellationToken);
            return;
        }

        if (string.IsNullOrEmpty(context.Request.Query["api-version"]))
        {
            await FakeVaultFault.WriteErrorAsync(
                context, StatusCodes.Status400BadRequest, "BadParameter",
                "The request URI contains an invalid or missing api-version parameter.", cancellationToken);
            return;
        }

        // SecretClient asks for the current version as /secrets/{name}/ (trailing slash), a version as /secrets/{name}/{version}.
        var segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length is not (2 or 3) || !string.Equals(segments[0], "secrets", StringComparison.OrdinalIgnoreCase))
        {
            await FakeVaultFault.WriteErrorAsync(
                context, StatusCodes.Status404NotFound, "NotFound",
                "The fake vault only serves GET /secrets/{name}[/{version}] and /secrets/{name}/versions.", cancellationToken);
            return;
        }

        if (segments.Length == 3 && string.Equals(segments[2], "versions", StringComparison.OrdinalIgnoreCase))
        {
            await WriteVersionsAsync(context, segments[1], cancellationToken);
            return;
        }

        await WriteSecretAsync(context, segments[1], segments.Length == 3 ? segments[2] : null, cancellationToken);
    }

    // Key Vault's list of a secret's versions: their ids and attributes, never their values, in one page.
    private async Task WriteVersionsAsync(HttpContext context, string name, CancellationToken cancellationToken)
    {
        List<StoredSecret> versions;
        lock (gate)
        {
            versions = secrets.TryGetValue(name, out var stored) ? [.. stored] : [];
        }

        if (versions.Count == 0)
        {
            await FakeVaultFault.WriteErrorAsync(
                context, StatusCodes.Status404NotFound, "SecretNotFound", $"A secret with (name/id) {name} was not found in this key vault.", cancellationToken);
            return;
        }

        var body = new JsonObject
        {
            ["value"] = new JsonArray([.. versions.Select(version => (JsonNode)new JsonObject
            {
                ["id"] = $"{VaultUri.AbsoluteUri.TrimEnd('/')}/secrets/{name}/{version.Version}",
                ["attributes"] = Attributes(version),
                ["tags"] = new JsonObject(),
            })]),
            ["nextLink"] = null,
        };
        // Counted before the answer is written, so a client that has it can never see the count behind.
        Interlocked.Increment(ref versionListings);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), cancellationToken);
    }

    private static JsonObject Attributes(StoredSecret secret)
    {
        var attributes = new JsonObject
        {
            ["enabled"] = true,
            ["created"] = secret.Created.ToUnixTimeSeconds(),
            ["updated"] = secret.Created.ToUnixTimeSeconds(),
            ["recoveryLevel"] = "Recoverable+Purgeable",
            ["recoverableDays"] = 90,
        };
        if (secret.Expires is { } expires)
        {
            attributes["exp"] = expires.ToUnixTimeSeconds();
        }

        return attributes;
    }

    private bool TryReadAcceptedToken(HttpRequest request, out string problem)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            problem = "AKV10000: Request is missing a Bearer or PoP token.";
            return false;
        }

        var token = header[Scheme.Length..].Trim();
        Func<string, bool> isValid;
        lock (gate)
        {
            isValid = acceptsToken;
        }

        if (!isValid(token))
        {
            // The real vault's answer to a token Entra ID did not issue for it.
            problem = "AKV10032: Invalid issuer. The token was not issued by the trusted identity endpoint.";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    private FakeVaultFault? TakeFault() => faults.Next();

    private async Task WriteSecretAsync(HttpContext context, string name, string? version, CancellationToken cancellationToken)
    {
        StoredSecret? secret = null;
        lock (gate)
        {
            if (secrets.TryGetValue(name, out var versions))
            {
                secret = version is null
                    ? versions[^1]
                    : versions.Find(v => string.Equals(v.Version, version, StringComparison.OrdinalIgnoreCase));
            }
        }

        if (secret is null)
        {
            var id = version is null ? name : $"{name}/{version}";
            await FakeVaultFault.WriteErrorAsync(
                context, StatusCodes.Status404NotFound, "SecretNotFound",
                $"A secret with (name/id) {id} was not found in this key vault.", cancellationToken);
            return;
        }

        var body = new JsonObject
        {
            ["value"] = secret.Value,
            ["id"] = $"{VaultUri.AbsoluteUri.TrimEnd('/')}/secrets/{name}/{secret.Version}",
            ["attributes"] = Attributes(secret),
            ["tags"] = new JsonObject(),
        };

        // Counted before the answer is written, so a client that has it can never see the count behind.
        Interlocked.Increment(ref secretReads);
        readsByName.AddOrUpdate(name, 1, (_, count) => count + 1);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), cancellationToken);
    }

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex SecretName();

    private sealed record StoredSecret(string Version, string Value, DateTimeOffset Created)
    {
        public DateTimeOffset? Expires { get; init; }
    }
}
