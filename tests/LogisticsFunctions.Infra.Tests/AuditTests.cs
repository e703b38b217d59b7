using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// "Who read the app secret" and "who wrote the package" have an answer in the workspace: Key Vault's
/// audit log and the storage account's data-plane writes and deletes go there; its reads (every queue
/// poll and lease renewal of the host) deliberately do not.
/// </summary>
public sealed class AuditTests
{
    private static IReadOnlyList<ArmResource> Settings => Main.AllOfType("Microsoft.Insights/diagnosticSettings");

    [Fact]
    public void Vault_sends_its_audit_events_to_the_workspace_in_their_own_table()
    {
        var setting = SettingFor("[resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName'))]");

        Assert.Equal(["AuditEvent"], Categories(setting));
        Assert.Equal("Dedicated", setting.StringAt("properties", "logAnalyticsDestinationType"));
        Assert.Equal(NameGivenTo(Vault), Traced(setting, "[parameters('keyVaultName')]"));
        AssertSendsToTheWorkspace(setting);
    }

    [Theory]
    [InlineData("blobServices")]
    [InlineData("queueServices")]
    public void Storage_service_sends_writes_and_deletes_but_not_reads_to_the_workspace(string service)
    {
        var setting = SettingFor($"[resourceId('Microsoft.Storage/storageAccounts/{service}', parameters('storageAccountName'), 'default')]");

        Assert.Equal(["StorageDelete", "StorageWrite"], Categories(setting));
        Assert.Equal(NameGivenTo(StorageAccount), Traced(setting, "[parameters('storageAccountName')]"));
        AssertSendsToTheWorkspace(setting);
    }

    [Fact]
    public void Nothing_else_is_sent_anywhere()
    {
        Assert.Equal(3, Settings.Count);
        Assert.All(Settings, setting =>
        {
            Assert.False(setting.Properties.TryGetProperty("metrics", out _), $"{setting} sends metrics");
            Assert.False(setting.Properties.TryGetProperty("storageAccountId", out _), $"{setting} archives to a storage account");
            Assert.False(setting.Properties.TryGetProperty("eventHubAuthorizationRuleId", out _), $"{setting} streams to an event hub");
        });
    }

    private static ArmResource SettingFor(string scope) => Assert.Single(Settings, setting => setting.StringAt("scope") == scope);

    private static string[] Categories(ArmResource setting)
    {
        var logs = setting.At("properties", "logs");
        var entries = logs.ValueKind == JsonValueKind.String ? setting.Template.Variables[ArmVariableName(logs.GetString()!)] : logs;
        Assert.All(entries.EnumerateArray(), entry => Assert.True(entry.GetProperty("enabled").GetBoolean()));
        return entries.EnumerateArray().Select(entry => entry.GetProperty("category").GetString()!).Order(StringComparer.Ordinal).ToArray();
    }

    private static string ArmVariableName(string expression)
    {
        var call = Assert.IsType<ArmCall>(ArmExpression.Parse(expression));
        Assert.True(call.Is("variables"), $"'{expression}' is neither a list of categories nor a variable holding one");
        return Assert.IsType<ArmString>(call.Arguments[0]).Value;
    }

    private static void AssertSendsToTheWorkspace(ArmResource setting)
    {
        Assert.Equal("[resourceId('Microsoft.OperationalInsights/workspaces', parameters('logAnalyticsName'))]", setting.StringAt("properties", "workspaceId"));
        Assert.Equal(NameGivenTo(Main.Single("Microsoft.OperationalInsights/workspaces")), Traced(setting, "[parameters('logAnalyticsName')]"));
    }
}
