using System.Globalization;
using System.Text;
using LogisticsFunctions.Worker.Tests.Rpc;

namespace LogisticsFunctions.Worker.Tests.Hosting;

/// <summary>Reading a worker's HTTP response the way the Functions host turns it into a real one.</summary>
public static class RpcHttpExtensions
{
    /// <summary>The status code; the host answers 200 when the worker set none.</summary>
    public static int GetStatusCode(this RpcHttp http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return string.IsNullOrEmpty(http.StatusCode) ? 200 : int.Parse(http.StatusCode, CultureInfo.InvariantCulture);
    }

    public static byte[] GetBodyBytes(this RpcHttp http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var body = http.Body;
        return body?.DataCase switch
        {
            null or TypedData.DataOneofCase.None => [],
            TypedData.DataOneofCase.Bytes => body.Bytes.ToByteArray(),
            TypedData.DataOneofCase.Stream => body.Stream.ToByteArray(),
            TypedData.DataOneofCase.String => Encoding.UTF8.GetBytes(body.String),
            TypedData.DataOneofCase.Json => Encoding.UTF8.GetBytes(body.Json),
            _ => throw new NotSupportedException($"HTTP body of kind {body.DataCase}."),
        };
    }

    public static string GetBodyText(this RpcHttp http) => Encoding.UTF8.GetString(http.GetBodyBytes());

    /// <summary>A response header by case-insensitive name, or null.</summary>
    public static string? GetHeader(this RpcHttp http, string name)
    {
        ArgumentNullException.ThrowIfNull(http);
        foreach (var (key, value) in http.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        foreach (var (key, value) in http.NullableHeaders)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value.Value;
            }
        }

        return null;
    }
}
