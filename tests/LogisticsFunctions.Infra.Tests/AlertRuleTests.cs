using System.Text.Json.Nodes;
using System.Xml;
using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// The alert rules: one per condition of docs/operations.md ("Alerts"), each a log search alert on the
/// workspace whose measure and dimensions are columns its query returns, its threshold a parameter of
/// main.bicep, and its notification the action group that exists only with an e-mail address.
/// </summary>
public sealed class AlertRuleTests
{
    // Rule name → (main.bicep threshold parameter, its default, measure column).
    public static TheoryData<string, string, int, string> Rules => new()
    {
        { "server-errors", "alertServerErrorPercent", 5, "ServerErrorPercent" },
        { "token-refusals", "alertWeChatRefusals", 3, "Refusals" },
        { "key-vault-failures", "alertKeyVaultFailures", 0, "Failures" },
        { "pushes-refused", "alertPushesRefused", 10, "Refused" },
        { "dead-letter", "alertDeadLetterMessages", 0, "Waiting" },
        { "relay-lag", "alertRelayLagSeconds", 600, "MaxAgeSeconds" },
    };

    private static ArmResource ActionGroup => Main.Single("Microsoft.Insights/actionGroups");

    [Fact]
    public void Template_holds_exactly_the_documented_rules()
    {
        var names = Enumerable.Range(0, ShippedQueries.AlertRuleCount).Select(index => ShippedQueries.AlertRule(index, ShippedQueries.AnyThresholds)["name"]!.GetValue<string>());

        Assert.Equal(Rules.Select(row => $"alert-test-{row[0]}").Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Rule_alerts_on_a_column_its_query_returns_above_the_threshold_parameter(string rule, string parameter, int defaultThreshold, string measure)
    {
        var properties = Rule(rule, ShippedQueries.AnyThresholds)["properties"]!;
        var criterion = Assert.Single(properties["criteria"]!["allOf"]!.AsArray())!;
        var analysis = QueryFiles.AnalysisOf(QueryFiles.FileHolding(criterion["query"]!.GetValue<string>(), $"alert rule {rule}"));

        Assert.Equal(measure, criterion["metricMeasureColumn"]!.GetValue<string>());
        Assert.Contains(analysis.Columns, column => column.Name == measure && column.Type is "real" or "long" or "int");
        Assert.All(criterion["dimensions"]!.AsArray(), dimension =>
        {
            Assert.Contains(analysis.Columns, column => column.Name == dimension!["name"]!.GetValue<string>() && column.Type == "string");
            Assert.Equal(["*"], dimension!["values"]!.AsArray().Select(value => value!.GetValue<string>()));
        });
        Assert.Equal("GreaterThan", criterion["operator"]!.GetValue<string>());
        Assert.Equal(ShippedQueries.AnyThresholds[ThresholdParameterOf(rule)]!.GetValue<int>(), criterion["threshold"]!.GetValue<int>());
        Assert.Equal($"[parameters('{parameter}')]", Traced(ShippedQueries.AlertRules, $"[parameters('{ThresholdParameterOf(rule)}')]"));
        Assert.Equal(defaultThreshold, DefaultOf(parameter).GetInt32());
        Assert.Equal(defaultThreshold, ParameterFileValue(parameter).GetInt32());
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Rule_queries_the_workspace_and_evaluates_within_the_service_limits(string rule, string parameter, int defaultThreshold, string measure)
    {
        _ = (parameter, defaultThreshold, measure);
        var alert = Rule(rule, ShippedQueries.AnyThresholds);
        var properties = alert["properties"]!;

        Assert.Equal("LogAlert", alert["kind"]!.GetValue<string>());
        Assert.Equal([ArmEvaluator.ResourceId("Microsoft.OperationalInsights/workspaces", "log-test")], properties["scopes"]!.AsArray().Select(scope => scope!.GetValue<string>()));
        Assert.True(properties["enabled"]!.GetValue<bool>());
        Assert.True(properties["autoMitigate"]!.GetValue<bool>());
        // The tables exist only once data arrives; the queries are bound offline here instead.
        Assert.True(properties["skipQueryValidation"]!.GetValue<bool>());
        Assert.InRange(properties["severity"]!.GetValue<int>(), 0, 4);
        var frequency = XmlConvert.ToTimeSpan(properties["evaluationFrequency"]!.GetValue<string>());
        var window = XmlConvert.ToTimeSpan(properties["windowSize"]!.GetValue<string>());
        // Log search alerts: a frequency of 1 minute to 1 day, a window of at most 2 days and not shorter than the frequency.
        Assert.InRange(frequency, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        Assert.InRange(window, frequency, TimeSpan.FromDays(2));
        Assert.Equal(NameGivenTo(Main.Single("Microsoft.OperationalInsights/workspaces")), Traced(ShippedQueries.AlertRules, "[parameters('logAnalyticsName')]"));
    }

    [Fact]
    public void Without_an_e_mail_address_there_is_no_action_group_and_the_rules_notify_nobody()
    {
        Assert.Equal("[not(empty(parameters('alertEmailAddress')))]", ActionGroup.StringAt("condition"));
        Assert.Equal("[parameters('alertEmailAddress')]", Traced(ActionGroup, "[parameters('alertEmailAddress')]"));
        Assert.Equal(string.Empty, DefaultOf("alertEmailAddress").GetString());
        Assert.Equal(string.Empty, ParameterFileValue("alertEmailAddress").GetString());
        Assert.All(Enumerable.Range(0, ShippedQueries.AlertRuleCount), index =>
            Assert.Empty(ShippedQueries.AlertRule(index, ShippedQueries.AnyThresholds)["properties"]!["actions"]!["actionGroups"]!.AsArray()));
    }

    [Fact]
    public void With_an_e_mail_address_every_rule_notifies_the_action_group_that_mails_it()
    {
        var parameters = new Dictionary<string, JsonNode?>(ShippedQueries.AnyThresholds) { ["alertEmailAddress"] = JsonValue.Create("ops@example.com") };
        var group = new ArmEvaluator(ActionGroup.Template, parameters);

        var receiver = Assert.Single(ActionGroup.At("properties", "emailReceivers").EnumerateArray());
        Assert.Equal("ops@example.com", group.Evaluate(receiver.GetProperty("emailAddress"))!.GetValue<string>());
        Assert.True(receiver.GetProperty("useCommonAlertSchema").GetBoolean());
        Assert.InRange(ActionGroup.StringAt("properties", "groupShortName").Length, 1, 12);
        Assert.Equal("Global", ActionGroup.StringAt("location"));
        var groupId = ArmEvaluator.ResourceId("Microsoft.Insights/actionGroups", group.Evaluate(ActionGroup.At("name"))!.GetValue<string>());
        Assert.All(Enumerable.Range(0, ShippedQueries.AlertRuleCount), index =>
            Assert.Equal([groupId], ShippedQueries.AlertRule(index, parameters)["properties"]!["actions"]!["actionGroups"]!.AsArray().Select(id => id!.GetValue<string>())));
    }

    private static JsonObject Rule(string rule, IReadOnlyDictionary<string, JsonNode?> parameters) =>
        Enumerable.Range(0, ShippedQueries.AlertRuleCount)
            .Select(index => ShippedQueries.AlertRule(index, parameters))
            .Single(alert => alert["name"]!.GetValue<string>() == $"alert-test-{rule}");

    /// <summary>The alert module's parameter that main passes the rule's threshold in.</summary>
    private static string ThresholdParameterOf(string rule)
    {
        var definitions = Assert.IsType<JsonArray>(new ArmEvaluator(ShippedQueries.AlertRules.Template, ShippedQueries.AnyThresholds).Evaluate(ShippedQueries.AlertRules.Template.Variables["rules"]));
        var threshold = definitions.Single(definition => definition!["name"]!.GetValue<string>() == rule)!["threshold"]!.GetValue<int>();
        return ShippedQueries.AnyThresholds.Single(parameter => parameter.Value is JsonValue value && value.TryGetValue<int>(out var number) && number == threshold).Key;
    }
}
