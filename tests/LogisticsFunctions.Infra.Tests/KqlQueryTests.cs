namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// Every KQL query of the workbook and the alert rules parses and binds against the Log Analytics schema
/// with Microsoft's Kusto language service, and uses only the metrics and dimensions of the contract in
/// docs/operations.md: a misspelled table, column, metric or dimension fails here, not on Azure.
/// </summary>
public sealed class KqlQueryTests
{
    // Shipped queries with one mistake each, bound in one run of the language service (a Node start each
    // would cost seconds on a busy machine): test name → (file, text replaced, replacement).
    private static readonly Dictionary<string, (string File, string From, string To)> Mistakes = new(StringComparer.Ordinal)
    {
        ["misspelled column"] = ("requests-per-method.kql", "DurationMs", "DurationMillis"),
        ["wrong case"] = ("vault-audit.kql", "CallerIpAddress", "CallerIPAddress"),
        ["misspelled table"] = ("queue-traffic.kql", "StorageQueueLogs", "StorageQueueLog"),
        ["unknown metric"] = ("pushes.kql", "\"logistics.pushes\"", "\"logistics.push\""),
        ["unknown dimension"] = ("key-vault-reads.kql", "Properties.secret", "Properties.secret_role"),
    };

    private static readonly Lazy<IReadOnlyDictionary<string, KqlAnalysis>> MistakeAnalyses = new(() =>
        KustoLanguageService.Analyse(
            Mistakes.Select(mistake => new KqlQuery(mistake.Key, Mutated(mistake.Value.File, mistake.Value.From, mistake.Value.To)))
                .Append(new KqlQuery("no metric name", "AppMetrics | summarize sum(Sum) by Name"))
                .ToList())
            .ToDictionary(analysis => analysis.Id, StringComparer.Ordinal));

    public static TheoryData<string> Files => QueryFiles.Names;

    [Theory]
    [MemberData(nameof(Files))]
    public void Query_parses_and_binds_against_the_workspace_schema(string file)
    {
        var analysis = QueryFiles.AnalysisOf(file);

        Assert.True(analysis.Diagnostics.Count == 0, $"{file}:\n{string.Join('\n', analysis.Diagnostics)}");
        Assert.NotEmpty(analysis.Tables);
        Assert.NotEmpty(analysis.Columns);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Query_uses_only_the_metrics_and_dimensions_of_the_contract(string file)
    {
        Assert.Empty(MetricsContract.Violations(QueryFiles.AnalysisOf(file)));
    }

    [Fact]
    public void Every_query_file_ships_in_the_workbook_or_an_alert_rule_and_nothing_else_does()
    {
        var shipped = ShippedQueries.WorkbookQueries().Select(query => QueryFiles.FileHolding(query, "the workbook"))
            .Concat(ShippedQueries.AlertQueries().Select(query => QueryFiles.FileHolding(query, "an alert rule")))
            .ToList();

        Assert.Equal(shipped.Count, shipped.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(QueryFiles.All.Keys.Order(StringComparer.Ordinal), shipped.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_metric_of_the_contract_is_charted()
    {
        var charted = ShippedQueries.WorkbookQueries().SelectMany(query => QueryFiles.AnalysisOf(QueryFiles.FileHolding(query, "the workbook")).Metrics).ToHashSet(StringComparer.Ordinal);

        // wechat.api.duration is a histogram: the workbook takes WeChat's latency percentiles from the
        // dependencies instead (pre-aggregated histograms have no percentiles).
        Assert.Equal(MetricsContract.All.Keys.Where(metric => metric != "wechat.api.duration").Order(StringComparer.Ordinal), charted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_misspelled_column_fails_the_bind()
    {
        var diagnostic = Assert.Single(MistakeAnalyses.Value["misspelled column"].Diagnostics.DistinctBy(found => found.Code));
        Assert.Equal(("Error", "KS142"), (diagnostic.Severity, diagnostic.Code));
        Assert.Contains("'DurationMillis'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_of_the_wrong_case_fails_the_bind()
    {
        var diagnostics = MistakeAnalyses.Value["wrong case"].Diagnostics;
        Assert.Contains(diagnostics, diagnostic => diagnostic.Code == "KS142" && diagnostic.Message.Contains("'CallerIPAddress'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_misspelled_table_fails_the_bind()
    {
        var diagnostics = MistakeAnalyses.Value["misspelled table"].Diagnostics;
        Assert.Contains(diagnostics, diagnostic => diagnostic.Code == "KS204" && diagnostic.Message.Contains("'StorageQueueLog'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_metric_outside_the_contract_is_named()
    {
        var analysis = MistakeAnalyses.Value["unknown metric"];
        Assert.Empty(analysis.Diagnostics);
        Assert.Contains("metric 'logistics.push' is not in the contract", MetricsContract.Violations(analysis));
    }

    [Fact]
    public void A_dimension_the_metric_does_not_have_is_named()
    {
        var analysis = MistakeAnalyses.Value["unknown dimension"];
        Assert.Empty(analysis.Diagnostics);
        Assert.Contains("dimension 'secret_role' belongs to none of wechat.key_vault.reads", MetricsContract.Violations(analysis));
    }

    [Fact]
    public void A_query_that_reads_metrics_without_naming_them_is_named()
    {
        var analysis = MistakeAnalyses.Value["no metric name"];

        Assert.Contains(MetricsContract.Violations(analysis), problem => problem.StartsWith("reads AppMetrics without naming", StringComparison.Ordinal));
    }

    [Fact]
    public void Contract_lists_the_nine_instruments_of_the_two_meters_with_their_dimensions()
    {
        Assert.Equal(9, MetricsContract.All.Count);
        Assert.Equal(["errcode", "method", "outcome"], MetricsContract.All["logistics.cloud_calls"].Order(StringComparer.Ordinal));
        Assert.Equal(["mode", "outcome", "reason"], MetricsContract.All["logistics.pushes"].Order(StringComparer.Ordinal));
        Assert.Empty(MetricsContract.All["logistics.relay.event_age"]);
    }

    private static string Mutated(string file, string from, string to)
    {
        var text = QueryFiles.All[file];
        Assert.Contains(from, text, StringComparison.Ordinal);
        return text.Replace(from, to, StringComparison.Ordinal);
    }
}
