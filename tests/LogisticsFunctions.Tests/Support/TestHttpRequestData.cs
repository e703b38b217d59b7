using System.Security.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Tests.Support;

/// <summary>An HTTP request as the worker hands it to a function, built from bytes.</summary>
internal sealed class TestHttpRequestData(FunctionContext context, byte[] body, string method = "POST") : HttpRequestData(context)
{
    public override Stream Body { get; } = new MemoryStream(body, writable: false);

    public override HttpHeadersCollection Headers { get; } = new([new KeyValuePair<string, string>("Content-Type", "application/json")]);

    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

    public override Uri Url { get; } = new("https://localhost/api/logistics/getPath");

    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];

    public override string Method { get; } = method;

    public override HttpResponseData CreateResponse() => new TestHttpResponseData(FunctionContext);
}
