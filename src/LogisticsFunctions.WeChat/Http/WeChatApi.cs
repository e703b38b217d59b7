namespace LogisticsFunctions.WeChat.Http;

/// <summary>
/// One of WeChat's server APIs: its verb, its path under the API root (e.g.
/// <c>cgi-bin/express/business/path/get</c>) and whether it changes state. A read is retried on
/// transient failures; a write is sent once, because after a timeout or a broken answer nobody knows
/// whether WeChat acted, and only the caller can decide to repeat it.
/// </summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Path">The path relative to the API root, without a leading slash.</param>
/// <param name="IsWrite">Whether the call changes state at WeChat.</param>
public sealed record WeChatApi(HttpMethod Method, string Path, bool IsWrite)
{
    /// <summary>The path under <c>cgi-bin/</c> (e.g. <c>express/business/path/get</c>): the <c>api</c> of <c>wechat.api.duration</c>.</summary>
    public string MetricName { get; } = Path.StartsWith(CgiBin, StringComparison.Ordinal) ? Path[CgiBin.Length..] : Path;

    private const string CgiBin = "cgi-bin/";

    /// <summary>A POST that only reads.</summary>
    public static WeChatApi PostRead(string path) => new(HttpMethod.Post, path, IsWrite: false);

    /// <summary>A POST that changes state.</summary>
    public static WeChatApi PostWrite(string path) => new(HttpMethod.Post, path, IsWrite: true);

    /// <summary>A GET (WeChat's GETs only read).</summary>
    public static WeChatApi Get(string path) => new(HttpMethod.Get, path, IsWrite: false);

    public override string ToString() => $"{Method} {Path}";
}
