using System.Diagnostics;
using System.Text;
using LogisticsFunctions.Tests.Seed;
using LogisticsFunctions.Worker.Tests.Hosting;

namespace LogisticsFunctions.Benchmarks.Measurement;

/// <summary>One GetPath call with the seed's request through the test host, timed as the host sees it, and checked.</summary>
public static class TimedGetPath
{
    private static readonly byte[] Success = Encoding.UTF8.GetBytes("\"errMsg\":\"openapi.logistics.getPath:ok\"");

    /// <summary>
    /// The call's latency in <see cref="Stopwatch"/> ticks, and null when it succeeded (200 with the cloud call's
    /// <c>:ok</c> answer), else what went wrong.
    /// </summary>
    public static async Task<(long Ticks, string? Error)> CallAsync(FunctionsTestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var start = Stopwatch.GetTimestamp();
        try
        {
            var response = await host.PostGetPathAsync(SeedExample.Request);
            var ticks = Stopwatch.GetTimestamp() - start;
            var status = response.GetStatusCode();
            if (status == 200 && response.GetBodyBytes().AsSpan().IndexOf(Success) >= 0)
            {
                return (ticks, null);
            }

            return (ticks, $"HTTP {status}: {Truncate(response.GetBodyText())}");
        }
        catch (FunctionsTestHostException exception)
        {
            return (Stopwatch.GetTimestamp() - start, Truncate(exception.Message));
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
