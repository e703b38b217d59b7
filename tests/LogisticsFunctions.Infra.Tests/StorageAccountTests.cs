using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

public sealed class StorageAccountTests
{
    [Fact]
    public void Storage_account_refuses_shared_key_access()
    {
        Assert.Equal(JsonValueKind.False, StorageAccount.At("properties", "allowSharedKeyAccess").ValueKind);
    }

    [Fact]
    public void Storage_account_requires_TLS_1_2_over_HTTPS()
    {
        Assert.Equal("TLS1_2", StorageAccount.StringAt("properties", "minimumTlsVersion"));
        Assert.Equal(JsonValueKind.True, StorageAccount.At("properties", "supportsHttpsTrafficOnly").ValueKind);
    }

    [Fact]
    public void Storage_account_allows_no_public_blob_access()
    {
        Assert.Equal(JsonValueKind.False, StorageAccount.At("properties", "allowBlobPublicAccess").ValueKind);
        var containers = Main.AllOfType("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.NotEmpty(containers);
        Assert.All(containers, container => Assert.Equal("None", container.StringAt("properties", "publicAccess")));
    }

    [Fact]
    public void Host_storage_is_reached_through_the_identity_without_a_connection_string()
    {
        var settings = AppSettings();

        Assert.True(settings.ContainsKey("AzureWebJobsStorage__accountName"), "AzureWebJobsStorage__accountName is missing");
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"].GetString());
        var clientId = ExpressionTrace.Trace(Site.Template, settings["AzureWebJobsStorage__clientId"].GetString()!).Expression;
        Assert.Contains("'Microsoft.ManagedIdentity/userAssignedIdentities'", clientId, StringComparison.Ordinal);
        Assert.EndsWith(".clientId]", clientId, StringComparison.Ordinal);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "AzureWebJobsStorage (a connection string) must not be set");
    }
}
