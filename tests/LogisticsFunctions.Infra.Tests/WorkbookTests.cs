using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>The operations workbook deploys with the app, under its Application Insights component, and reads the workspace.</summary>
public sealed class WorkbookTests
{
    private const string ApplicationInsightsPlaceholder = "{logistics-application-insights}";
    private const string WorkspacePlaceholder = "{logistics-workspace}";
    private const string QueueServicePlaceholder = "{logistics-queue-service}";

    private static readonly string[] Visualizations = ["table", "timechart"];

    private static ArmResource Workbook => ShippedQueries.Workbook;

    [Fact]
    public void Workbook_is_a_shared_workbook_listed_under_the_Application_Insights_component()
    {
        Assert.Equal("shared", Workbook.StringAt("kind"));
        Assert.Equal("workbook", Workbook.StringAt("properties", "category"));
        Assert.Equal("[toLower(resourceId('Microsoft.Insights/components', parameters('applicationInsightsName')))]", Workbook.StringAt("properties", "sourceId"));
        Assert.Equal(NameGivenTo(Main.Single("Microsoft.Insights/components")), Traced(Workbook, "[parameters('applicationInsightsName')]"));
        // A workbook's name must be a GUID; guid() of the group and the environment keeps it stable.
        Assert.Equal("[guid(resourceGroup().id, parameters('environmentName'), 'operations-workbook')]", Traced(Workbook, Workbook.Name));
    }

    [Fact]
    public void Serialized_content_gets_the_component_the_workspace_and_the_queue_service_put_in_for_their_placeholders()
    {
        var expected = "[replace(replace(replace(string(variables('workbook')), "
            + "variables('applicationInsightsPlaceholder'), toLower(resourceId('Microsoft.Insights/components', parameters('applicationInsightsName')))), "
            + "variables('workspacePlaceholder'), resourceId('Microsoft.OperationalInsights/workspaces', parameters('logAnalyticsName'))), "
            + "variables('queueServicePlaceholder'), resourceId('Microsoft.Storage/storageAccounts/queueServices', parameters('storageAccountName'), 'default'))]";

        Assert.Equal(expected, Workbook.StringAt("properties", "serializedData"));
        Assert.Equal(ApplicationInsightsPlaceholder, Workbook.Template.Variables["applicationInsightsPlaceholder"].GetString());
        Assert.Equal(WorkspacePlaceholder, Workbook.Template.Variables["workspacePlaceholder"].GetString());
        Assert.Equal(QueueServicePlaceholder, Workbook.Template.Variables["queueServicePlaceholder"].GetString());
        Assert.Equal(NameGivenTo(Main.Single("Microsoft.OperationalInsights/workspaces")), Traced(Workbook, "[parameters('logAnalyticsName')]"));
        Assert.Equal(NameGivenTo(StorageAccount), Traced(Workbook, "[parameters('storageAccountName')]"));
    }

    [Fact]
    public void Every_chart_queries_the_workspace_over_the_chosen_time_range()
    {
        var charts = ShippedQueries.WorkbookItems("KqlItem/1.0");

        Assert.Equal(18, charts.Count);
        Assert.All(charts, chart =>
        {
            Assert.Equal("microsoft.operationalinsights/workspaces", chart["resourceType"]!.GetValue<string>());
            Assert.Equal([WorkspacePlaceholder], chart["crossComponentResources"]!.AsArray().Select(id => id!.GetValue<string>()));
            Assert.Equal("TimeRange", chart["timeContextFromParameter"]!.GetValue<string>());
            Assert.Contains(chart["visualization"]!.GetValue<string>(), Visualizations);
        });
        var timeRange = Assert.Single(ShippedQueries.WorkbookItems("KqlParameterItem/1.0"), item => item["name"]?.GetValue<string>() == "TimeRange");
        Assert.Equal(86400000, timeRange["value"]!["durationMs"]!.GetValue<long>());
        Assert.Equal([ApplicationInsightsPlaceholder], ShippedQueries.WorkbookContent()["fallbackResourceIds"]!.AsArray().Select(id => id!.GetValue<string>()));
    }

    [Fact]
    public void Workbook_shows_the_account_wide_queue_message_count_from_the_storage_metrics()
    {
        var chart = Assert.Single(ShippedQueries.WorkbookItems("MetricsItem/2.0"));

        Assert.Equal([QueueServicePlaceholder], chart["resourceIds"]!.AsArray().Select(id => id!.GetValue<string>()));
        var metric = Assert.Single(chart["metrics"]!.AsArray());
        Assert.Equal("microsoft.storage/storageaccounts/queueservices-Capacity-QueueMessageCount", metric!["metric"]!.GetValue<string>());
        Assert.Equal("TimeRange", chart["timeContextFromParameter"]!.GetValue<string>());
    }

    [Fact]
    public void Workbook_deploys_after_the_component_the_workspace_and_the_storage_account()
    {
        var module = DeploymentOrder.ModuleOf(Workbook);

        Assert.Contains(Main.Module("monitoring"), DeploymentOrder.Predecessors(module));
        Assert.Contains(Main.Module("storage"), DeploymentOrder.Predecessors(module));
    }
}
