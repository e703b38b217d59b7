using System.Net;
using System.Security.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace LogisticsFunctions.Benchmarks;

/// <summary>The little of a <see cref="FunctionContext"/> that GetPath reads: its cancellation token.</summary>
internal sealed class BenchmarkFunctionContext(IServiceProvider services) : FunctionContext
{
    public override string InvocationId => "benchmark";

    public override string FunctionId => "GetPath";

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext => throw new NotSupportedException();

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException();

    public override CancellationToken CancellationToken => CancellationToken.None;
}

/// <summary>
/// A POST as the worker hands it to a function: the body as a read-only stream over the given bytes.
/// GetPath reads no request header, so the headers are only made if asked for.
/// </summary>
internal sealed class BenchmarkHttpRequestData(FunctionContext context, byte[] body) : HttpRequestData(context)
{
    private static readonly Uri RequestUrl = new("https://localhost/api/logistics/getPath");

    private HttpHeadersCollection? _headers;

    public override Stream Body { get; } = new MemoryStream(body, writable: false);

    public override HttpHeadersCollection Headers => _headers ??= new([new KeyValuePair<string, string>("Content-Type", "application/json")]);

    public override IReadOnlyCollection<IHttpCookie> Cookies => [];

    public override Uri Url => RequestUrl;

    public override IEnumerable<ClaimsIdentity> Identities => [];

    public override string Method => "POST";

    public override HttpResponseData CreateResponse() => new BenchmarkHttpResponseData(FunctionContext);
}

/// <summary>The function's answer, kept in memory: status, headers and a <see cref="MemoryStream"/> body.</summary>
internal sealed class BenchmarkHttpResponseData(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; }

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies => throw new NotSupportedException();
}
