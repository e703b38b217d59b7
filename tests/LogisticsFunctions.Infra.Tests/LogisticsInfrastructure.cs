namespace LogisticsFunctions.Infra.Tests;

/// <summary>The parts of the compiled template the tests talk about, found by type.</summary>
internal static class LogisticsInfrastructure
{
    // Built-in role definition ids.
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageQueueDataMessageSender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";

    // Names the push receiver's contract fixes (issue 10, docs/push.md).
    public const string PushQueueName = "express-path-events";
    public const string PushDedupContainerName = "express-path-dedup";

    public static ArmTemplate Main => CompiledTemplate.Main;

    public static ArmResource Site => Main.Single("Microsoft.Web/sites");

    /// <summary>The storage account as the module 'storage' deploys it (storage-firewall writes it again, locked, with the fixed outbound IP on).</summary>
    public static ArmResource StorageAccount => Main.Module("storage").NestedTemplate!.Resources.Single(resource => resource.Type == "Microsoft.Storage/storageAccounts");

    /// <summary>The vault as the module 'keyvault' deploys it (keyvault-firewall writes it again, locked, with the fixed outbound IP on).</summary>
    public static ArmResource Vault => Main.Module("keyvault").NestedTemplate!.Resources.Single(resource => resource.Type == "Microsoft.KeyVault/vaults");

    /// <summary>
    /// The site's <c>siteConfig.appSettings</c> by name (values are literals or expressions), the
    /// conditional ones included; <see cref="SiteAppSettings.Read"/> says which are conditional.
    /// </summary>
    public static IReadOnlyDictionary<string, JsonElement> AppSettings() =>
        SiteAppSettings.Read(Site).ToDictionary(setting => setting.Name, setting => setting.Value, StringComparer.Ordinal);

    /// <summary>Where the value of a template string is made (<see cref="ExpressionTrace"/>), from a resource's template.</summary>
    public static string Traced(ArmResource resource, string expression) => ExpressionTrace.Trace(resource.Template, expression).Expression;

    /// <summary>The default value of a parameter of the main template.</summary>
    public static JsonElement DefaultOf(string parameter)
    {
        Assert.True(Main.ParameterDefinitions.TryGetValue(parameter, out var definition), $"main.bicep has no parameter '{parameter}'");
        Assert.True(definition.TryGetProperty("defaultValue", out var value), $"parameter '{parameter}' has no default");
        return value;
    }

    /// <summary>The value infra/main.bicepparam gives a parameter (compiled).</summary>
    public static JsonElement ParameterFileValue(string parameter)
    {
        Assert.True(CompiledTemplate.Parameters.TryGetProperty(parameter, out var entry), $"main.bicepparam does not set '{parameter}'");
        return entry.GetProperty("value");
    }

    public static IReadOnlyList<ArmResource> RoleAssignments() =>
        Main.AllOfType("Microsoft.Authorization/roleAssignments").Where(assignment => !assignment.IsExisting).ToList();

    /// <summary>The role definition id expression with role-id variables inlined.</summary>
    public static string RoleDefinitionOf(ArmResource assignment) =>
        assignment.Template.ExpandVariables(assignment.StringAt("properties", "roleDefinitionId"));

    /// <summary>Every role assignment whose role definition is the given built-in role.</summary>
    public static IReadOnlyList<ArmResource> AssignmentsOf(string roleDefinitionId) =>
        RoleAssignments().Where(assignment => RoleDefinitionOf(assignment).Contains(roleDefinitionId, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>True when the assignment's principal is the principal id of the user-assigned identity resource.</summary>
    public static bool IsForAppIdentity(ArmResource assignment)
    {
        var principal = ExpressionTrace.Trace(assignment.Template, assignment.StringAt("properties", "principalId"));
        return principal.Expression.Contains("'Microsoft.ManagedIdentity/userAssignedIdentities'", StringComparison.Ordinal)
            && principal.Expression.EndsWith(".principalId]", StringComparison.Ordinal);
    }

    /// <summary>The traced expression for the name of the resource an assignment's scope points at.</summary>
    public static string ScopedResourceName(ArmResource assignment, string resourceType)
    {
        var scope = assignment.StringAt("scope");
        var prefix = $"[resourceId('{resourceType}', parameters('";
        Assert.True(scope.StartsWith(prefix, StringComparison.Ordinal), $"{assignment} is scoped to {scope}, not to a {resourceType}");
        var parameter = scope[prefix.Length..scope.IndexOf('\'', prefix.Length)];
        return ExpressionTrace.Trace(assignment.Template, $"[parameters('{parameter}')]").Expression;
    }

    /// <summary>The traced expression for a module resource's name parameter (how main names it).</summary>
    public static string NameGivenTo(ArmResource resource)
    {
        var name = resource.Name;
        return ExpressionTrace.Trace(resource.Template, name).Expression;
    }
}
