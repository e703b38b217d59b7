using System.Diagnostics;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// Microsoft's Kusto language service (npm @kusto/language-service-next, run by tools/kql/check.js under
/// Node): parses each query, binds it against the Log Analytics schema of tools/kql, and reports its
/// diagnostics, the tables it reads, the metric names and dimension keys it uses, and its result columns.
/// </summary>
internal static class KustoLanguageService
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static string Directory => Path.Combine(Repository.Root, "tools", "kql");

    public static string SchemaPath => Path.Combine(Directory, "log-analytics-schema.json");

    public static KqlAnalysis Analyse(string id, string text) => Analyse([new KqlQuery(id, text)]).Single();

    public static IReadOnlyList<KqlAnalysis> Analyse(IReadOnlyList<KqlQuery> queries)
    {
        var package = Path.Combine(Directory, "node_modules", "@kusto", "language-service-next", "Kusto.Language.Bridge.min.js");
        if (!File.Exists(package))
        {
            throw new FileNotFoundException($"The Kusto language service is not installed: run `npm ci --prefix tools/kql` from the repository root (.ci/run does).", package);
        }

        var start = new ProcessStartInfo("node", [Path.Combine(Directory, "check.js")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start; CI needs Node.js on PATH");
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        node.StandardInput.Write(System.Text.Json.JsonSerializer.Serialize(new { schema = SchemaPath, queries = queries.Select(query => new { id = query.Id, text = query.Text }) }));
        node.StandardInput.Close();
        // Loading the library and binding a few dozen queries takes a second or two; a run that has not
        // ended in two minutes is stuck, and CI should say so rather than wait for its own limit.
        if (!node.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException("tools/kql/check.js did not finish within two minutes");
        }

        Assert.True(node.ExitCode == 0, $"tools/kql/check.js exited with {node.ExitCode}: {errors.Result}");
        var results = System.Text.Json.JsonSerializer.Deserialize<KqlResults>(output.Result, Json)!.Results;
        Assert.Equal(queries.Select(query => query.Id), results.Select(result => result.Id));
        return results;
    }

    private sealed record KqlResults(IReadOnlyList<KqlAnalysis> Results);
}

internal sealed record KqlQuery(string Id, string Text);

internal sealed record KqlDiagnostic(string Severity, string Code, string Message, int Start, int Length)
{
    public override string ToString() => $"{Severity} {Code} at {Start}: {Message}";
}

internal sealed record KqlColumn(string Name, string Type);

internal sealed record KqlAnalysis(
    string Id,
    IReadOnlyList<KqlDiagnostic> Diagnostics,
    IReadOnlyList<string> Tables,
    IReadOnlyList<string> Metrics,
    IReadOnlyList<string> MetricDimensions,
    bool ReadsMetricsWithoutName,
    IReadOnlyList<KqlColumn> Columns);
