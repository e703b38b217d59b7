using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

public sealed class KeyVaultTests
{
    [Fact]
    public void Vault_authorizes_with_Azure_RBAC_and_has_no_access_policies()
    {
        Assert.Equal(JsonValueKind.True, Vault.At("properties", "enableRbacAuthorization").ValueKind);
        Assert.True(
            !Vault.Properties.TryGetProperty("accessPolicies", out var policies) || policies.GetArrayLength() == 0,
            "the vault must not grant anything through access policies");
    }

    [Fact]
    public void Vault_keeps_deleted_secrets_recoverable()
    {
        Assert.Equal(JsonValueKind.True, Vault.At("properties", "enableSoftDelete").ValueKind);
        var retention = ExpressionTrace.Trace(Vault.Template, Vault.StringAt("properties", "softDeleteRetentionInDays"));
        Assert.Equal("[parameters('keyVaultSoftDeleteRetentionInDays')]", retention.Expression);
        Assert.Equal(7, Main.ParameterDefinitions["keyVaultSoftDeleteRetentionInDays"].GetProperty("minValue").GetInt32());
    }

    [Fact]
    public void Purge_protection_is_a_parameter_that_defaults_to_on()
    {
        var parameter = Main.ParameterDefinitions["enablePurgeProtection"];
        Assert.Equal("bool", parameter.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.True, parameter.GetProperty("defaultValue").ValueKind);

        // The vault API accepts only true or nothing for enablePurgeProtection.
        Assert.Equal("[if(parameters('enablePurgeProtection'), true(), null())]", Vault.StringAt("properties", "enablePurgeProtection"));
        Assert.Equal("[parameters('enablePurgeProtection')]", ExpressionTrace.Trace(Vault.Template, "[parameters('enablePurgeProtection')]").Expression);
    }

    [Fact]
    public void Template_declares_no_secret_so_its_value_never_passes_through_a_deployment()
    {
        Assert.Empty(Main.AllOfType("Microsoft.KeyVault/vaults/secrets"));
    }

    [Fact]
    public void App_is_told_the_vault_and_the_secret_name_but_never_the_secret()
    {
        var settings = AppSettings();

        var vaultUri = ExpressionTrace.Trace(Site.Template, settings["KeyVault__VaultUri"].GetString()!).Expression;
        Assert.Contains("'Microsoft.KeyVault/vaults'", vaultUri, StringComparison.Ordinal);
        Assert.EndsWith(".vaultUri]", vaultUri, StringComparison.Ordinal);
        Assert.Equal("[parameters('weChatAppSecretName')]", ExpressionTrace.Trace(Site.Template, settings["WeChat__AppSecretName"].GetString()!).Expression);
        Assert.Equal("wechat-app-secret", Main.ParameterDefinitions["weChatAppSecretName"].GetProperty("defaultValue").GetString());
        Assert.DoesNotContain(settings.Keys, name => name.Equals("WeChat__AppSecret", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Push_secrets_are_read_from_the_same_vault_the_app_already_reads_with_its_role()
    {
        // One vault, one Key Vault Secrets User assignment on it: the push Token and EncodingAESKeys need
        // no role of their own (RoleAssignmentTests), only their names (FunctionAppTests).
        Assert.Single(Main.AllOfType("Microsoft.KeyVault/vaults").Select(NameGivenTo).Distinct());
        var settings = AppSettings();
        Assert.True(settings.ContainsKey("WeChat__PushTokenSecretName"), "WeChat__PushTokenSecretName is missing");
        Assert.True(settings.ContainsKey("WeChat__PushEncodingAesKeySecretName"), "WeChat__PushEncodingAesKeySecretName is missing");
        Assert.Single(settings.Keys, name => name.Equals("KeyVault__VaultUri", StringComparison.Ordinal));
    }
}
