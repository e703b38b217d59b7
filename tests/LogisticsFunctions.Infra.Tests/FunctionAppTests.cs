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
    public void App_serves_HTTPS_only_with_TLS_1_2()
    {
        Assert.Equal(JsonValueKind.True, Site.At("properties", "httpsOnly").ValueKind);
        Assert.Equal("1.2", Site.StringAt("properties", "siteConfig", "minTlsVersion"));
        Assert.Equal("1.2", Site.StringAt("properties", "siteConfig", "scmMinTlsVersion"));
    }

    [Fact]
    public void Site_sets_no_FTPS_state_because_Flex_Consumption_rejects_it()
    {
        // ARM answers error 51021 for siteConfig.ftpsState on a Flex Consumption site. Flex has no FTP, and
        // credential-based publishing stays closed by the policies (Basic_publishing_credentials_…).
        Assert.Empty(SiteConfigurationPropertiesNamed("ftpsState"));
    }

    [Fact]
    public void Site_sets_no_route_all_switch_because_Flex_Consumption_routes_all_outbound_traffic_already()
    {
        Assert.Empty(SiteConfigurationPropertiesNamed("vnetRouteAllEnabled"));
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
    public void App_runs_as_the_user_assigned_identity_and_tells_its_credential_which_one()
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
    public void Instance_memory_and_HTTP_concurrency_and_maximum_instance_count_are_parameters()
    {
        var scale = Site.At("properties", "functionAppConfig", "scaleAndConcurrency");

        Assert.Equal("[parameters('instanceMemoryMB')]", Traced(Site, scale.GetProperty("instanceMemoryMB").GetString()!));
        Assert.Equal("[parameters('maximumInstanceCount')]", Traced(Site, scale.GetProperty("maximumInstanceCount").GetString()!));
        var concurrency = scale.GetProperty("triggers").GetProperty("http").GetProperty("perInstanceConcurrency").GetString()!;
        Assert.Equal("[parameters('httpPerInstanceConcurrency')]", Traced(Site, concurrency));
    }

    [Fact]
    public void Instance_memory_is_one_of_the_three_Flex_Consumption_sizes()
    {
        int[] flexSizes = [512, 2048, 4096];
        foreach (var template in new[] { Main, Site.Template })
        {
            var sizes = template.ParameterDefinitions["instanceMemoryMB"].GetProperty("allowedValues").EnumerateArray().Select(size => size.GetInt32());
            Assert.Equal(flexSizes, sizes);
        }

        Assert.Contains(DefaultOf("instanceMemoryMB").GetInt32(), flexSizes);
    }

    [Fact]
    public void Maximum_instance_count_cannot_be_set_below_the_40_Flex_Consumption_accepts()
    {
        foreach (var template in new[] { Main, Site.Template })
        {
            var definition = template.ParameterDefinitions["maximumInstanceCount"];
            Assert.True(
                definition.TryGetProperty("minValue", out var minimum) && minimum.GetInt32() >= 40,
                $"maximumInstanceCount in {(template.Deployment is null ? "main.bicep" : $"module '{template.Deployment.Name}'")} must have @minValue(40) or more: Flex Consumption rejects fewer");
            Assert.Equal(1000, definition.GetProperty("maxValue").GetInt32());
        }

        Assert.InRange(DefaultOf("maximumInstanceCount").GetInt32(), 40, 1000);
        Assert.InRange(ParameterFileValue("maximumInstanceCount").GetInt32(), 40, 1000);
    }

    [Fact]
    public void HTTP_concurrency_per_instance_is_limited_to_the_documented_1_to_1000()
    {
        foreach (var template in new[] { Main, Site.Template })
        {
            var definition = template.ParameterDefinitions["httpPerInstanceConcurrency"];
            Assert.Equal(1, definition.GetProperty("minValue").GetInt32());
            Assert.Equal(1000, definition.GetProperty("maxValue").GetInt32());
        }

        Assert.InRange(DefaultOf("httpPerInstanceConcurrency").GetInt32(), 1, 1000);
    }

    [Theory]
    [InlineData("instanceMemoryMB")]
    [InlineData("httpPerInstanceConcurrency")]
    [InlineData("maximumInstanceCount")]
    public void Sizing_in_the_parameters_file_matches_the_template_default(string parameter)
    {
        // One value, written in both files: a change to one without the other fails here.
        Assert.Equal(DefaultOf(parameter).GetInt32(), ParameterFileValue(parameter).GetInt32());
    }

    [Fact]
    public void App_settings_carry_the_GetPath_contract()
    {
        var settings = AppSettings();

        foreach (var name in new[] { "WeChat__AppId", "KeyVault__VaultUri", "WeChat__AppSecretName", "AZURE_CLIENT_ID" })
        {
            Assert.True(settings.ContainsKey(name), $"app setting {name} is missing");
        }

        Assert.Equal("[parameters('weChatAppId')]", Traced(Site, settings["WeChat__AppId"].GetString()!));
        Assert.DoesNotContain(settings.Keys, name => name.Equals("WeChat__AppSecret", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("WeChat__PushTokenSecretName", "weChatPushTokenSecretName", "wechat-push-token")]
    [InlineData("WeChat__PushEncodingAesKeySecretName", "weChatPushEncodingAesKeySecretName", "wechat-push-encoding-aes-key")]
    public void App_settings_name_the_push_secrets_with_the_contract_defaults(string setting, string parameter, string defaultName)
    {
        var found = Assert.Single(SiteAppSettings.Read(Site), entry => entry.Name == setting);

        Assert.Null(found.Condition);
        Assert.Equal($"[parameters('{parameter}')]", Traced(Site, found.Value.GetString()!));
        Assert.Equal(defaultName, DefaultOf(parameter).GetString());
        Assert.Equal(defaultName, ParameterFileValue(parameter).GetString());
    }

    [Fact]
    public void Push_mode_is_always_written_safe_unless_chosen_and_only_one_of_WeChats_three_words()
    {
        // Always written: the template replaces the whole settings list, so a mode set by hand would not last.
        var found = Assert.Single(SiteAppSettings.Read(Site), entry => entry.Name == "WeChat__PushMode");

        Assert.Null(found.Condition);
        Assert.Equal("[parameters('weChatPushMode')]", Traced(Site, found.Value.GetString()!));
        Assert.Equal("safe", DefaultOf("weChatPushMode").GetString());
        Assert.Equal("safe", ParameterFileValue("weChatPushMode").GetString());
        var allowed = Main.ParameterDefinitions["weChatPushMode"].GetProperty("allowedValues").EnumerateArray().Select(mode => mode.GetString());
        Assert.Equal(["safe", "compatible", "plain"], allowed);
    }

    [Fact]
    public void Previous_EncodingAESKey_setting_exists_only_while_its_secret_name_is_given()
    {
        var found = Assert.Single(SiteAppSettings.Read(Site), entry => entry.Name == "WeChat__PushPreviousEncodingAesKeySecretName");

        Assert.Equal("[parameters('weChatPushPreviousEncodingAesKeySecretName')]", Traced(Site, found.Value.GetString()!));
        Assert.Equal("not(empty(parameters('weChatPushPreviousEncodingAesKeySecretName')))", found.Condition);
        Assert.Equal(string.Empty, DefaultOf("weChatPushPreviousEncodingAesKeySecretName").GetString());
        Assert.All(SiteAppSettings.Read(Site).Where(entry => entry.Name != found.Name && !RelayInfraTests.IsRelaySetting(entry.Name)), entry => Assert.Null(entry.Condition));
    }

    [Theory]
    [InlineData("WeChat__PushToken")]
    [InlineData("WeChat__PushEncodingAesKey")]
    [InlineData("WeChat__PushPreviousEncodingAesKey")]
    public void App_settings_never_carry_a_push_secret_value(string localRunSetting)
    {
        // These hold the values for local runs; on Azure the app reads the vault secrets named above.
        Assert.DoesNotContain(AppSettings().Keys, name => name.Equals(localRunSetting, StringComparison.OrdinalIgnoreCase));
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

    /// <summary>Every property with that name in the site and in any site config resource, at any depth.</summary>
    private static List<string> SiteConfigurationPropertiesNamed(string propertyName)
    {
        var found = new List<string>();
        var resources = new[] { Site }.Concat(Main.AllResources().Where(resource => resource.Type.StartsWith("Microsoft.Web/sites/config", StringComparison.OrdinalIgnoreCase)));
        foreach (var resource in resources)
        {
            Find(resource.Element, resource.ToString());
        }

        return found;

        void Find(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    var here = $"{path}.{property.Name}";
                    if (property.Name.Equals(propertyName, StringComparison.OrdinalIgnoreCase))
                    {
                        found.Add(here);
                    }

                    Find(property.Value, here);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Find(item, path);
                }
            }
        }
    }
}
