using System.Net;
using System.Text;

namespace LogisticsFunctions.Benchmarks;

/// <summary>
/// WeChat in memory: <c>stable_token</c> answers a fixed token, <c>express/business/path/get</c> the
/// seed's answer, each from a preallocated byte array. One instance serves both benchmarks, so their
/// upstream cost is the same by construction. With <see cref="Verify"/> on (correctness check only),
/// it also insists on the token and on the exact body the path call must carry.
/// </summary>
internal sealed class InMemoryWeChat : HttpMessageHandler
{
    public const string Token = "86_TOKENvWqJ3bWkZ-8hN0cQmE4tYxR2uVd7sLpA1fGzK9oHiBnC5jMyXwT6eUaD0rSq3lPvI8kF4gOhN2bJ7cYtW1zE5xQmR9uLsV3dAiK6oGpB0nHfC8jMwT4eYaZ2rSqX7lUvD";

    public const string StableTokenPath = "/cgi-bin/stable_token";

    public const string GetPathPath = "/cgi-bin/express/business/path/get";

    /// <summary>What the function must send for the seed request (snake_case, in the app's field order).</summary>
    public const string ExpectedGetPathRequest = """{"openid":"OPENID","order_id":"01234567890123456789","delivery_id":"SF","waybill_id":"12345678901234567890"}""";

    /// <summary>
    /// The seed's "Return an example of the data" (shared/seed/logistics.getPath.txt), minified as WeChat
    /// sends it, with the <c>errcode</c>/<c>errmsg</c> WeChat puts first on success.
    /// </summary>
    public const string GetPathAnswer = """{"errcode":0,"errmsg":"ok","openid":"OPENID","delivery_id":"SF","waybill_id":"12345678901234567890","path_item_num":3,"path_item_list":[{"action_time":1533052800,"action_type":100001,"action_msg":"快递员已成功取件"},{"action_time":1533062800,"action_type":200001,"action_msg":"快件已到达xxx集散中心,准备发往xxx"},{"action_time":1533072800,"action_type":300001,"action_msg":"快递员已出发,联系电话xxxxxx"}]}""";

    private static readonly byte[] StableTokenAnswerBytes = Encoding.UTF8.GetBytes($$"""{"access_token":"{{Token}}","expires_in":7200}""");

    public static byte[] GetPathAnswerBytes { get; } = Encoding.UTF8.GetBytes(GetPathAnswer);

    /// <summary>Checks token and body of every call; on for the correctness check, off while measuring.</summary>
    public bool Verify { get; set; }

    public int StableTokenCalls { get; private set; }

    public int GetPathCalls { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method != HttpMethod.Post)
        {
            return new HttpResponseMessage(HttpStatusCode.MethodNotAllowed);
        }

        if (path == StableTokenPath)
        {
            StableTokenCalls++;
            return Answer(StableTokenAnswerBytes);
        }

        if (path == GetPathPath)
        {
            GetPathCalls++;
            if (Verify)
            {
                VerifyGetPathRequest(request);
            }

            return Answer(GetPathAnswerBytes);
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    private static HttpResponseMessage Answer(byte[] body) => new(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };

    private static void VerifyGetPathRequest(HttpRequestMessage request)
    {
        if (request.RequestUri!.Query != "?access_token=" + Token)
        {
            throw new InvalidOperationException($"path/get was called without the cached token: {request.RequestUri}");
        }

        var body = Encoding.UTF8.GetString(request.Content!.ReadAsByteArrayAsync().GetAwaiter().GetResult());
        if (body != ExpectedGetPathRequest)
        {
            throw new InvalidOperationException($"path/get was called with {body}, expected {ExpectedGetPathRequest}");
        }
    }
}
