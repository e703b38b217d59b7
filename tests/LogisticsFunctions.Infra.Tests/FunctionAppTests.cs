using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

public sealed class FunctionAppTests
{
    [Fact]
    public void Plan_is_Flex_Consumption_on_Linux()
    {
        var plan = Main.Single("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", plan.StringAt("sku", "name"));
        Assert.Equal("FlexConsumption", plan.StringAt("sku", "tier"));
        Assert.Equal(JsonValueKind.True, plan.At("properties", "reserved").ValueKind);
        Assert.Equal("functionapp,linux", Site.StringAt("kind"));
    }

    [Fact]
    public void App_runs_dotnet_isolated_10_through_functionAppConfig_alone()
    {
        Assert.Equal("dotnet-isolated", Site.StringAt("properties", "functionAppConfig", "runtime", "name"));
        Assert.Equal("10.0", Site.StringAt("properties", "functionAppConfig", "runtime", "version"));
        Assert.False(Site.At("properties", "siteConfig").TryGetProperty("linuxFxVersion", out _), "linuxFxVersion must not be set on Flex Consumption");
        Assert.False(AppSettings().ContainsKey("FUNCTIONS_WORKER_RUNTIME"), "FUNCTIONS_WORKER_RUNTIME must not be set on Flex Consumption");
    }

    [Fact]
    public void App_serves_HTTPS_only_with_TLS_1_2_and_no_FTP()
    {
        Assert.Equal(JsonValueKind.True, Site.At("properties", "httpsOnly").ValueKind);
        Assert.Equal("1.2", Site.StringAt("properties", "siteConfig", "minTlsVersion"));
        Assert.Equal("Disabled", Site.StringAt("properties", "siteConfig", "ftpsState"));
    }

    [Fact]
    public void Basic_publishing_credentials_are_disabled_for_FTP_and_SCM()
    {
        var policies = Main.AllOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");

        foreach (var kind in new[] { "ftp", "scm" })
        {
            var policy = Assert.Single(policies, policy => policy.Name.EndsWith($"'{kind}')]", StringComparison.Ordinal) || policy.Name.EndsWith($"/{kind}", StringComparison.Ordinal));
            Assert.Equal(JsonValueKind.False, policy.At("properties", "allow").ValueKind);
            Assert.False(policy.Element.TryGetProperty("condition", out _), $"{policy} must not depend on a condition");
        }
    }

    [Fact]
    public void App_runs_as_the_user_assigned_identity_and_tells_DefaultAzureCredential_so()
    {
        Assert.Equal("UserAssigned", Site.StringAt("identity", "type"));
        var clientId = ExpressionTrace.Trace(Site.Template, AppSettings()["AZURE_CLIENT_ID"].GetString()!).Expression;
        Assert.Contains("'Microsoft.ManagedIdentity/userAssignedIdentities'", clientId, StringComparison.Ordinal);
        Assert.EndsWith(".clientId]", clientId, StringComparison.Ordinal);
    }

    [Fact]
    public void Deployment_package_is_read_from_blob_storage_with_the_user_assigned_identity()
    {
        var storage = Site.At("properties", "functionAppConfig", "deployment", "storage");

        Assert.Equal("blobContainer", storage.GetProperty("type").GetString());
        Assert.Equal("UserAssignedIdentity", storage.GetProperty("authentication").GetProperty("type").GetString());
        var identity = ExpressionTrace.Trace(Site.Template, storage.GetProperty("authentication").GetProperty("userAssignedIdentityResourceId").GetString()!).Expression;
        Assert.Contains("'Microsoft.ManagedIdentity/userAssignedIdentities'", identity, StringComparison.Ordinal);
    }

    [Fact]
    public void Instance_memory_and_maximum_instance_count_are_parameters()
    {
        var scale = Site.At("properties", "functionAppConfig", "scaleAndConcurrency");

        Assert.Equal("[parameters('instanceMemoryMB')]", ExpressionTrace.Trace(Site.Template, scale.GetProperty("instanceMemoryMB").GetString()!).Expression);
        Assert.Equal("[parameters('maximumInstanceCount')]", ExpressionTrace.Trace(Site.Template, scale.GetProperty("maximumInstanceCount").GetString()!).Expression);
        var memorySizes = Main.ParameterDefinitions["instanceMemoryMB"].GetProperty("allowedValues").EnumerateArray().Select(size => size.GetInt32());
        Assert.Equal([512, 2048, 4096], memorySizes);
        Assert.Equal(1000, Main.ParameterDefinitions["maximumInstanceCount"].GetProperty("maxValue").GetInt32());
    }

    [Fact]
    public void App_settings_carry_the_GetPath_contract()
    {
        var settings = AppSettings();

        foreach (var name in new[] { "WeChat__AppId", "KeyVault__VaultUri", "WeChat__AppSecretName", "AZURE_CLIENT_ID" })
        {
            Assert.True(settings.ContainsKey(name), $"app setting {name} is missing");
        }

        Assert.Equal("[parameters('weChatAppId')]", ExpressionTrace.Trace(Site.Template, settings["WeChat__AppId"].GetString()!).Expression);
        Assert.DoesNotContain(settings.Keys, name => name.Equals("WeChat__AppSecret", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Site_carries_the_azd_service_tag_of_azure_yaml()
    {
        var tags = Site.StringAt("tags");
        Assert.Contains("'azd-service-name'", tags, StringComparison.Ordinal);

        var serviceName = Main.Variables["azdServiceName"].GetString();
        Assert.Equal("api", serviceName);
        var azureYaml = File.ReadAllLines(Path.Combine(CompiledTemplate.RepositoryRoot, "azure.yaml"));
        Assert.Contains($"  {serviceName}:", azureYaml);
    }
}
