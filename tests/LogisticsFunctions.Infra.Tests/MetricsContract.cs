using System.Text.RegularExpressions;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// The app's metrics as docs/operations.md ("Metrics") lists them: each instrument's name and the keys
/// of its dimensions. The queries may use these and nothing else.
/// </summary>
internal static partial class MetricsContract
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlySet<string>>> Instruments = new(Read);

    /// <summary>Instrument name to its dimension keys.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> All => Instruments.Value;

    /// <summary>What a query uses beyond the contract: unknown metric names, and dimension keys none of its metrics has.</summary>
    public static IReadOnlyList<string> Violations(KqlAnalysis analysis)
    {
        var problems = new List<string>();
        if (analysis.ReadsMetricsWithoutName)
        {
            problems.Add("reads AppMetrics without naming its metrics (Name == \"…\" or Name in (…))");
        }

        problems.AddRange(analysis.Metrics.Where(metric => !All.ContainsKey(metric)).Select(metric => $"metric '{metric}' is not in the contract"));
        var keys = analysis.Metrics.Where(All.ContainsKey).SelectMany(metric => All[metric]).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(analysis.MetricDimensions.Where(key => !keys.Contains(key)).Select(key => $"dimension '{key}' belongs to none of {string.Join(", ", analysis.Metrics)}"));
        return problems;
    }

    private static Dictionary<string, IReadOnlySet<string>> Read()
    {
        var path = Path.Combine(CompiledTemplate.RepositoryRoot, "docs", "operations.md");
        var text = File.ReadAllText(path);
        var start = text.IndexOf("\n## Metrics\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{path} has no '## Metrics' section");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];

        var instruments = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (Match row in InstrumentRow().Matches(section))
        {
            var keys = DimensionKey().Matches(row.Groups["dimensions"].Value).Select(key => key.Groups["key"].Value).ToHashSet(StringComparer.Ordinal);
            instruments.Add(row.Groups["name"].Value, keys);
        }

        Assert.True(instruments.Count > 0, $"the Metrics section of {path} lists no instrument");
        return instruments;
    }

    // | `logistics.pushes` | counter | `outcome` (`queued`, …), `reason` (…), `mode` (…) |
    [GeneratedRegex(@"^\| `(?<name>[a-z_]+(\.[a-z_]+)+)` \| [^|]+ \| (?<dimensions>[^\n]*) \|$", RegexOptions.Multiline)]
    private static partial Regex InstrumentRow();

    // A dimension is a code-formatted key followed by its values in parentheses.
    [GeneratedRegex(@"`(?<key>[a-z_]+)` \(")]
    private static partial Regex DimensionKey();
}
