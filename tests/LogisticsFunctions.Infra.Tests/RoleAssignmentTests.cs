using System.Text.RegularExpressions;
using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

public sealed partial class RoleAssignmentTests
{
    [Fact]
    public void App_identity_reads_secrets_as_Key_Vault_Secrets_User_on_the_app_vault()
    {
        var assignment = Assert.Single(AssignmentsOf(KeyVaultSecretsUser));

        Assert.True(IsForAppIdentity(assignment), $"{assignment} must be for the user-assigned identity");
        var scope = assignment.StringAt("scope");
        Assert.True(
            scope.StartsWith("[resourceId('Microsoft.KeyVault/vaults'", StringComparison.Ordinal)
            || scope.StartsWith("[resourceId('Microsoft.KeyVault/vaults/secrets'", StringComparison.Ordinal),
            $"Key Vault Secrets User must be scoped to the vault or the secret, not {scope}");
        var scopedVault = ScopedResourceName(assignment, scope.Contains("/secrets'", StringComparison.Ordinal) ? "Microsoft.KeyVault/vaults/secrets" : "Microsoft.KeyVault/vaults");
        Assert.Equal(NameGivenTo(Vault), scopedVault);
        Assert.False(assignment.Element.TryGetProperty("condition", out _), $"{assignment} must not depend on a condition");
    }

    [Fact]
    public void App_identity_publishes_telemetry_as_Monitoring_Metrics_Publisher_on_Application_Insights()
    {
        var assignment = Assert.Single(AssignmentsOf(MonitoringMetricsPublisher));

        Assert.True(IsForAppIdentity(assignment), $"{assignment} must be for the user-assigned identity");
        Assert.Equal(NameGivenTo(Main.Single("Microsoft.Insights/components")), ScopedResourceName(assignment, "Microsoft.Insights/components"));
    }

    [Theory]
    [InlineData(StorageBlobDataOwner, "azure-webjobs-hosts")]
    [InlineData(StorageBlobDataOwner, "azure-webjobs-secrets")]
    [InlineData(StorageBlobDataContributor, "app-package")]
    [InlineData(StorageBlobDataContributor, PushDedupContainerName)]
    public void App_identity_holds_its_blob_role_on_each_container_it_uses_not_on_the_account(string role, string container)
    {
        var assignment = Assert.Single(AssignmentsOf(role), candidate => ScopedContainer(candidate) == container);

        Assert.True(IsForAppIdentity(assignment), $"{assignment} must be for the user-assigned identity");
        var resourceId = Assert.IsType<ArmCall>(ArmExpression.Parse(assignment.StringAt("scope")));
        Assert.Equal(NameGivenTo(StorageAccount), Traced(assignment, resourceId.Arguments[1].ToTemplateString()));
        Assert.Equal("default", TemplateValue.StringOf(assignment.Template, resourceId.Arguments[2].ToTemplateString()));
        Assert.False(assignment.Element.TryGetProperty("condition", out _), $"{assignment} must not depend on a condition");
    }

    [Fact]
    public void Every_container_the_identity_holds_a_role_on_is_one_the_storage_module_creates()
    {
        var created = Main.AllOfType("Microsoft.Storage/storageAccounts/blobServices/containers").Where(container => !container.IsExisting)
            .Select(container => TemplateValue.StringOf(container.Template, TemplateValue.NameSegments(container)[^1]))
            .ToHashSet(StringComparer.Ordinal);
        var scoped = RoleAssignments().Where(IsForAppIdentity).Select(ScopedContainer).OfType<string>().ToList();

        Assert.Equal(4, scoped.Count);
        Assert.All(scoped, container => Assert.Contains(container, created));
    }

    [Fact]
    public void App_identity_holds_no_role_on_the_whole_storage_account()
    {
        Assert.DoesNotContain(RoleAssignments(), assignment => assignment.StringAt("scope").StartsWith("[resourceId('Microsoft.Storage/storageAccounts',", StringComparison.Ordinal));
    }

    [Fact]
    public void App_identity_sends_to_the_push_queue_only_as_Storage_Queue_Data_Message_Sender_scoped_to_that_queue()
    {
        var assignment = Assert.Single(AssignmentsOf(StorageQueueDataMessageSender), assignment => !assignment.Element.TryGetProperty("condition", out _));

        Assert.True(IsForAppIdentity(assignment), $"{assignment} must be for the user-assigned identity");
        var scope = ArmExpression.Parse(assignment.StringAt("scope"));
        var resourceId = Assert.IsType<ArmCall>(scope);
        Assert.True(resourceId.Is("resourceId"), $"{assignment} must be scoped with resourceId(), not {scope}");
        Assert.Equal("'Microsoft.Storage/storageAccounts/queueServices/queues'", resourceId.Arguments[0].ToString());
        Assert.Equal(4, resourceId.Arguments.Count);
        Assert.Equal(NameGivenTo(StorageAccount), Traced(assignment, resourceId.Arguments[1].ToTemplateString()));
        Assert.Equal("default", TemplateValue.StringOf(assignment.Template, resourceId.Arguments[2].ToTemplateString()));
        Assert.Equal(PushQueueName, TemplateValue.StringOf(assignment.Template, resourceId.Arguments[3].ToTemplateString()));
        Assert.False(assignment.Element.TryGetProperty("condition", out _), $"{assignment} must not depend on a condition");
    }

    [Fact]
    public void App_identity_holds_no_role_beyond_container_blob_data_queue_sending_secrets_and_telemetry()
    {
        // Whatever the webhook relay adds exists only while it runs (RelayInfraTests).
        var roles = RoleAssignments().Where(IsForAppIdentity).Where(assignment => !assignment.Element.TryGetProperty("condition", out _)).Select(RoleDefinitionOf).ToList();

        Assert.Equal(7, roles.Count);
        Assert.Equal(2, roles.Count(role => role.Contains(StorageBlobDataOwner, StringComparison.Ordinal)));
        Assert.Equal(2, roles.Count(role => role.Contains(StorageBlobDataContributor, StringComparison.Ordinal)));
        Assert.Contains(roles, role => role.Contains(StorageQueueDataMessageSender, StringComparison.Ordinal));
        Assert.Contains(roles, role => role.Contains(KeyVaultSecretsUser, StringComparison.Ordinal));
        Assert.Contains(roles, role => role.Contains(MonitoringMetricsPublisher, StringComparison.Ordinal));
    }

    [Fact]
    public void Deployer_vault_role_is_granted_unless_turned_off_for_a_grant_made_by_hand()
    {
        var assignment = Assert.Single(AssignmentsOf(KeyVaultSecretsOfficer));

        Assert.Equal("[parameters('deployerPrincipalId')]", Traced(assignment, assignment.StringAt("properties", "principalId")));
        Assert.Equal("[and(parameters('grantDeployerVaultRole'), not(empty(parameters('deployerPrincipalId'))))]", assignment.StringAt("condition"));
        Assert.Equal("[parameters('grantDeployerVaultRole')]", Traced(assignment, "[parameters('grantDeployerVaultRole')]"));
        Assert.Equal(JsonValueKind.True, DefaultOf("grantDeployerVaultRole").ValueKind);
        Assert.Equal(JsonValueKind.True, ParameterFileValue("grantDeployerVaultRole").ValueKind);
    }

    [Fact]
    public void Every_role_assignment_is_named_after_its_scope_principal_and_role()
    {
        var assignments = RoleAssignments();
        Assert.NotEmpty(assignments);

        Assert.All(assignments, assignment =>
        {
            var name = assignment.Name;
            var scope = assignment.StringAt("scope").Trim('[', ']');
            var principal = assignment.StringAt("properties", "principalId").Trim('[', ']');
            // The role id sits in a named (and commented) variable in the Bicep module.
            var roleVariable = RoleIdVariable().Match(assignment.StringAt("properties", "roleDefinitionId"));
            Assert.True(roleVariable.Success, $"{assignment}: the role id must come from a variable");
            Assert.Equal($"[guid({scope}, {principal}, {roleVariable.Value})]", name);
        });
    }

    /// <summary>The container a blob role is scoped to, or null for any other scope.</summary>
    private static string? ScopedContainer(ArmResource assignment)
    {
        var scope = ArmExpression.Parse(assignment.StringAt("scope"));
        return scope is ArmCall { Arguments: [ArmString { Value: "Microsoft.Storage/storageAccounts/blobServices/containers" }, _, _, var container] } call && call.Is("resourceId")
            ? TemplateValue.StringOf(assignment.Template, container.ToTemplateString())
            : null;
    }

    [GeneratedRegex(@"variables\('[^']+'\)")]
    private static partial Regex RoleIdVariable();
}
