using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LogisticsFunctions.Tests.Fakes;

/// <summary>
/// A misbehaviour <see cref="FakeKeyVault"/> can be told to show instead of (or before) answering normally.
/// Faults are applied only to requests that already carry an accepted bearer token, so the SDK's
/// unauthenticated challenge request never consumes a queued fault and test counts stay exact.
/// </summary>
public sealed class FakeVaultFault
{
    private readonly Func<HttpContext, CancellationToken, Task<bool>> apply;

    private FakeVaultFault(string description, Func<HttpContext, CancellationToken, Task<bool>> apply)
    {
        Description = description;
        this.apply = apply;
    }

    /// <summary>What the fault does, for test output.</summary>
    public string Description { get; }

    /// <summary>
    /// Answers with <paramref name="status"/> and Key Vault's error body carrying <paramref name="code"/>.
    /// The message is the one the real vault sends for that status (403 RBAC denial, 429 throttling, 5xx);
    /// 429 and 503 carry <c>Retry-After: 1</c>, which the SDK's retry policy honours.
    /// </summary>
    public static FakeVaultFault Status(int status, string code)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);

        return new FakeVaultFault($"{status} {code}", async (context, cancellationToken) =>
        {
            if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            await WriteErrorAsync(context, status, code, MessageFor(status), cancellationToken);
            return true;
        });
    }

    /// <summary>403 Forbidden: the identity lacks the "Key Vault Secrets User" role (RBAC denial).</summary>
    public static FakeVaultFault Forbidden() => Status(StatusCodes.Status403Forbidden, "Forbidden");

    /// <summary>429 Throttled with <c>Retry-After: 1</c>: the vault's request rate limit.</summary>
    public static FakeVaultFault Throttled() => Status(StatusCodes.Status429TooManyRequests, "Throttled");

    /// <summary>503 ServiceUnavailable with <c>Retry-After: 1</c>: a transient outage the SDK retries.</summary>
    public static FakeVaultFault Unavailable() => Status(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable");

    /// <summary>
    /// Holds the response back for <paramref name="delay"/>, then answers normally. Gives up as soon as the
    /// client disconnects (its network timeout) or the vault stops, so a slow fault never outlives its test.
    /// </summary>
    public static FakeVaultFault Delay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);

        return new FakeVaultFault($"delay {delay}", async (_, cancellationToken) =>
        {
            try
            {
                await Task.Delay(delay, cancellationToken);
                return false;
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        });
    }

    /// <summary>
    /// Signals <paramref name="arrived"/> when a request reaches the vault and holds it until <paramref name="release"/>
    /// completes, then answers normally with what the vault holds then: a read that a test keeps under way
    /// while other requests arrive. Gives up, as <see cref="Delay"/> does, when the client or the vault goes away.
    /// </summary>
    public static FakeVaultFault Hold(TaskCompletionSource arrived, Task release)
    {
        ArgumentNullException.ThrowIfNull(arrived);
        ArgumentNullException.ThrowIfNull(release);

        return new FakeVaultFault("hold until released", async (_, cancellationToken) =>
        {
            arrived.TrySetResult();
            try
            {
                await release.WaitAsync(cancellationToken);
                return false;
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        });
    }

    /// <summary>Drops the TCP connection without an HTTP response, as a network fault or crashed front end would.</summary>
    public static FakeVaultFault ResetConnection() => new("reset connection", (context, _) =>
    {
        context.Abort();
        return Task.FromResult(true);
    });

    public override string ToString() => Description;

    /// <summary>Applies the fault; true when it produced the whole outcome and normal handling must not run.</summary>
    internal Task<bool> ApplyAsync(HttpContext context, CancellationToken cancellationToken) =>
        apply(context, cancellationToken);

    /// <summary>Writes Key Vault's error envelope: <c>{"error":{"code":…,"message":…}}</c>.</summary>
    internal static Task WriteErrorAsync(
        HttpContext context, int status, string code, string message, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        };
        return context.Response.WriteAsync(body.ToJsonString(), cancellationToken);
    }

    private static string MessageFor(int status) => status switch
    {
        StatusCodes.Status403Forbidden =>
            "Caller is not authorized to perform action on resource.\r\n"
            + "If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n"
            + "Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'",
        StatusCodes.Status429TooManyRequests =>
            "Request was not processed because too many requests were received. Reason: A2",
        StatusCodes.Status500InternalServerError => "An unexpected error occurred.",
        StatusCodes.Status503ServiceUnavailable => "The service is temporarily unavailable. Please retry.",
        _ => string.Create(CultureInfo.InvariantCulture, $"The fake vault was told to answer {status}."),
    };
}
