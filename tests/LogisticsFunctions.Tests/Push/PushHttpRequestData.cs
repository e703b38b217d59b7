using System.Security.Claims;
using LogisticsFunctions.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Tests.Push;

/// <summary>A push as the worker hands it to the function: method, the query string in the URL, the body's bytes.</summary>
internal sealed class PushHttpRequestData(FunctionContext context, TestPushRequest push) : HttpRequestData(context)
{
    public override Stream Body { get; } = new MemoryStream(push.Body, writable: false);

    public override HttpHeadersCollection Headers { get; } = new([new KeyValuePair<string, string>("Content-Type", "text/xml")]);

    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

    public override Uri Url { get; } = new($"https://localhost/api/logistics/push?{push.QueryString}");

    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];

    public override string Method { get; } = push.Method;

    public override HttpResponseData CreateResponse() => new TestHttpResponseData(FunctionContext);
}
