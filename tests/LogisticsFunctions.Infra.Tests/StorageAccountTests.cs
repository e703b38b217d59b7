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

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"].GetString());
        var clientId = Traced(Site, settings["AzureWebJobsStorage__clientId"].GetString()!);
        Assert.Contains("'Microsoft.ManagedIdentity/userAssignedIdentities'", clientId, StringComparison.Ordinal);
        Assert.EndsWith(".clientId]", clientId, StringComparison.Ordinal);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "AzureWebJobsStorage (a connection string) must not be set");
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__blobServiceUri", "blob")]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "queue")]
    public void Host_storage_is_named_by_the_service_endpoints_of_the_app_storage_account(string setting, string service)
    {
        var endpoint = ExpressionTrace.Trace(Site.Template, AppSettings()[setting].GetString()!);

        Assert.Same(StorageAccount.Template, endpoint.Template);
        Assert.StartsWith($"[reference(resourceId('Microsoft.Storage/storageAccounts', {StorageAccount.Name[1..^1]}), ", endpoint.Expression, StringComparison.Ordinal);
        Assert.EndsWith($".primaryEndpoints.{service}]", endpoint.Expression, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_storage_names_no_account_and_no_table_endpoint_so_the_host_uses_no_tables()
    {
        // With __accountName the host derives a table endpoint and writes diagnostic events there, and
        // the identity has no table role; Microsoft's Flex quickstarts set only the service URIs.
        var hostStorage = AppSettings().Keys.Where(name => name.StartsWith("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);

        Assert.Equal(
            ["AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__queueServiceUri"],
            hostStorage);
    }

    [Fact]
    public void Push_queue_is_declared_in_the_host_storage_account_under_its_contract_name()
    {
        var queue = Assert.Single(Main.AllOfType("Microsoft.Storage/storageAccounts/queueServices/queues"), queue => !queue.Element.TryGetProperty("copy", out _));
        var segments = TemplateValue.NameSegments(queue);

        Assert.Equal(3, segments.Count);
        Assert.Equal(StorageAccount.Name, segments[0]);
        Assert.Same(StorageAccount.Template, queue.Template);
        Assert.Equal("default", segments[1]);
        Assert.Equal(PushQueueName, TemplateValue.StringOf(queue.Template, segments[2]));
    }

    [Fact]
    public void Deduplication_marker_container_is_declared_in_the_host_storage_account_under_its_contract_name()
    {
        var container = DedupContainer();
        var segments = TemplateValue.NameSegments(container);

        Assert.Equal(StorageAccount.Name, segments[0]);
        Assert.Same(StorageAccount.Template, container.Template);
        Assert.Equal("None", container.StringAt("properties", "publicAccess"));
    }

    [Fact]
    public void Deduplication_markers_are_deleted_thirty_days_after_they_are_written()
    {
        var policy = Assert.Single(Main.AllOfType("Microsoft.Storage/storageAccounts/managementPolicies"));
        Assert.Equal([StorageAccount.Name, "default"], TemplateValue.NameSegments(policy));
        Assert.Same(StorageAccount.Template, policy.Template);

        var rule = Assert.Single(policy.At("properties", "policy", "rules").EnumerateArray());
        Assert.True(rule.GetProperty("enabled").GetBoolean(), "the lifecycle rule must be enabled");
        Assert.Equal("Lifecycle", rule.GetProperty("type").GetString());
        var filters = rule.GetProperty("definition").GetProperty("filters");
        Assert.Equal(["blockBlob"], filters.GetProperty("blobTypes").EnumerateArray().Select(type => type.GetString()));
        // A lifecycle prefix starts with the container name: "<container>/" is every blob in it.
        var prefix = Assert.Single(filters.GetProperty("prefixMatch").EnumerateArray());
        Assert.Equal($"{PushDedupContainerName}/", TemplateValue.StringOf(policy.Template, prefix.GetString()!));
        var delete = rule.GetProperty("definition").GetProperty("actions").GetProperty("baseBlob").GetProperty("delete");
        var days = delete.GetProperty("daysAfterModificationGreaterThan");
        Assert.Equal(30, (days.ValueKind == JsonValueKind.Number ? days : TemplateValue.Evaluate(policy.Template, days.GetString()!)!.Value).GetInt32());
        Assert.Single(delete.EnumerateObject());
    }

    [Fact]
    public void Lifecycle_rule_deletes_nothing_outside_the_deduplication_container()
    {
        var policy = Assert.Single(Main.AllOfType("Microsoft.Storage/storageAccounts/managementPolicies"));

        Assert.All(policy.At("properties", "policy", "rules").EnumerateArray(), rule =>
        {
            var prefixes = rule.GetProperty("definition").GetProperty("filters").GetProperty("prefixMatch").EnumerateArray()
                .Select(prefix => TemplateValue.StringOf(policy.Template, prefix.GetString()!));
            Assert.All(prefixes, prefix => Assert.StartsWith($"{PushDedupContainerName}/", prefix, StringComparison.Ordinal));
        });
    }

    private static ArmResource DedupContainer()
    {
        var containers = Main.AllOfType("Microsoft.Storage/storageAccounts/blobServices/containers");
        return Assert.Single(containers, container => TemplateValue.StringOf(container.Template, TemplateValue.NameSegments(container)[^1]) == PushDedupContainerName);
    }
}
