using System.Text.Json.Nodes;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>The queries the compiled template deploys: the workbook's and the alert rules'.</summary>
internal static class ShippedQueries
{
    public static ArmResource Workbook => CompiledTemplate.Main.Single("Microsoft.Insights/workbooks");

    public static ArmResource AlertRules => CompiledTemplate.Main.Single("Microsoft.Insights/scheduledQueryRules");

    /// <summary>The workbook's content before the resource ids are put in (the module's variable 'workbook').</summary>
    public static JsonObject WorkbookContent() =>
        Assert.IsType<JsonObject>(new ArmEvaluator(Workbook.Template, new Dictionary<string, JsonNode?>()).Evaluate(Workbook.Template.Variables["workbook"]));

    /// <summary>Every object in the workbook content with the given item version (KqlItem/1.0, MetricsItem/2.0, …).</summary>
    public static IReadOnlyList<JsonObject> WorkbookItems(string version) =>
        Descendants(WorkbookContent()).OfType<JsonObject>().Where(node => node["version"]?.GetValue<string>() == version).ToList();

    public static IReadOnlyList<string> WorkbookQueries() => WorkbookItems("KqlItem/1.0").Select(item => item["query"]!.GetValue<string>()).ToList();

    public static int AlertRuleCount => Assert.IsType<JsonArray>(RuleDefinitions()).Count;

    /// <summary>Rule i of the copy loop as ARM would deploy it, for the given module parameters.</summary>
    public static JsonObject AlertRule(int index, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        var evaluator = new ArmEvaluator(AlertRules.Template, parameters, index);
        return new JsonObject
        {
            ["name"] = evaluator.Evaluate(AlertRules.At("name")),
            ["kind"] = evaluator.Evaluate(AlertRules.At("kind")),
            ["location"] = evaluator.Evaluate(AlertRules.At("location")),
            ["properties"] = evaluator.Evaluate(AlertRules.At("properties")),
        };
    }

    public static IReadOnlyList<string> AlertQueries() =>
        Enumerable.Range(0, AlertRuleCount).Select(index => AlertRule(index, AnyThresholds)["properties"]!["criteria"]!["allOf"]![0]!["query"]!.GetValue<string>()).ToList();

    /// <summary>Values for the alert module's parameters where only their presence matters.</summary>
    public static IReadOnlyDictionary<string, JsonNode?> AnyThresholds => new Dictionary<string, JsonNode?>
    {
        ["location"] = JsonValue.Create("eastasia"),
        ["tags"] = new JsonObject(),
        ["namePrefix"] = JsonValue.Create("alert-test"),
        ["logAnalyticsName"] = JsonValue.Create("log-test"),
        ["alertEmailAddress"] = JsonValue.Create(string.Empty),
        ["serverErrorPercent"] = JsonValue.Create(1),
        ["weChatRefusals"] = JsonValue.Create(2),
        ["keyVaultFailures"] = JsonValue.Create(3),
        ["pushesRefused"] = JsonValue.Create(4),
        ["deadLetterMessages"] = JsonValue.Create(5),
        ["relayLagSeconds"] = JsonValue.Create(6),
    };

    private static JsonNode? RuleDefinitions() => new ArmEvaluator(AlertRules.Template, AnyThresholds).Evaluate(AlertRules.Template.Variables["rules"]);

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject obj => obj.Select(property => property.Value),
            JsonArray array => array.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().SelectMany(Descendants))
        {
            yield return child;
        }
    }
}
