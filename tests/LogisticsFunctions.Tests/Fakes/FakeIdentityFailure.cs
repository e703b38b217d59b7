using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LogisticsFunctions.Tests.Fakes;

/// <summary>An error <see cref="FakeManagedIdentityEndpoint"/> can be told to answer token requests with.</summary>
public sealed class FakeIdentityFailure
{
    private FakeIdentityFailure(int status, string message)
    {
        StatusCode = status;
        Message = message;
    }

    public int StatusCode { get; }

    public string Message { get; }

    /// <summary>500: the platform's token service failed; Azure.Identity treats it as transient and retries.</summary>
    public static FakeIdentityFailure ServerError() =>
        new(StatusCodes.Status500InternalServerError, "An unexpected error occurred while fetching the AAD token.");

    /// <summary>400 with App Service's wording for a client id that is not assigned to the app.</summary>
    public static FakeIdentityFailure IdentityNotFound() =>
        new(StatusCodes.Status400BadRequest, "Unable to load the proper Managed Identity.");

    /// <summary>Any other status and message.</summary>
    public static FakeIdentityFailure Status(int status, string message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new(status, message);
    }

    public override string ToString() => $"{StatusCode} {Message}";

    /// <summary>Writes the App Service identity endpoint's error body: <c>{"statusCode":…,"message":…,"correlationId":…}</c>.</summary>
    internal Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new JsonObject
        {
            ["statusCode"] = StatusCode,
            ["message"] = Message,
            ["correlationId"] = Guid.NewGuid().ToString(),
        };
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
