using LogisticsFunctions.Infra.Tests;

namespace LogisticsFunctions.Worker.Tests.Telemetry;

/// <summary>The metrics a worker sent to ingestion: each metric's name with every dimension key it was sent with.</summary>
internal sealed class EmittedMetrics(IReadOnlyDictionary<string, IReadOnlySet<string>> dimensions)
{
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Dimensions { get; } = dimensions;

    public static EmittedMetrics From(IEnumerable<IngestedItem> items) => new(
        items.SelectMany(item => item.Metrics())
            .GroupBy(metric => metric.Name, StringComparer.Ordinal)
            .ToDictionary(
                metric => metric.Key,
                IReadOnlySet<string> (metric) => metric.SelectMany(point => point.Properties.Keys).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal));

    /// <summary>What <paramref name="analysis"/> (a parsed and bound query) uses that was never sent: metric names, and dimension keys none of its metrics came with.</summary>
    public IReadOnlyList<string> Missing(KqlAnalysis analysis)
    {
        var problems = analysis.Metrics.Where(metric => !Dimensions.ContainsKey(metric))
            .Select(metric => $"{analysis.Id}: metric '{metric}' was never sent").ToList();
        var sent = analysis.Metrics.Where(Dimensions.ContainsKey).SelectMany(metric => Dimensions[metric]).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(analysis.MetricDimensions.Where(key => !sent.Contains(key))
            .Select(key => $"{analysis.Id}: dimension '{key}' was sent with none of {string.Join(", ", analysis.Metrics)}"));
        return problems;
    }

    public override string ToString() =>
        string.Join('\n', Dimensions.OrderBy(metric => metric.Key, StringComparer.Ordinal).Select(metric => $"{metric.Key} ({string.Join(", ", metric.Value.Order(StringComparer.Ordinal))})"));
}
