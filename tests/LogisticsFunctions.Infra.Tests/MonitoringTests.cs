using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

public sealed class MonitoringTests
{
    [Fact]
    public void Application_Insights_refuses_local_authentication()
    {
        var component = Main.Single("Microsoft.Insights/components");

        Assert.Equal(JsonValueKind.True, component.At("properties", "DisableLocalAuth").ValueKind);
    }

    [Fact]
    public void Application_Insights_stores_its_data_in_Log_Analytics_without_shared_keys()
    {
        var component = Main.Single("Microsoft.Insights/components");
        var workspace = Main.Single("Microsoft.OperationalInsights/workspaces");

        Assert.Contains("'Microsoft.OperationalInsights/workspaces'", component.StringAt("properties", "WorkspaceResourceId"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.True, workspace.At("properties", "features", "disableLocalAuth").ValueKind);
    }

    [Fact]
    public void App_sends_telemetry_with_Entra_ID_as_its_identity()
    {
        var settings = AppSettings();

        Assert.Contains(".ConnectionString", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"].GetString(), StringComparison.Ordinal);
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"].GetString());
        var clientId = ExpressionTrace.Trace(Site.Template, "[parameters('identityClientId')]").Expression;
        Assert.Contains("'Microsoft.ManagedIdentity/userAssignedIdentities'", clientId, StringComparison.Ordinal);
        Assert.EndsWith(".clientId]", clientId, StringComparison.Ordinal);
    }
}
