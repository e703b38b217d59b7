using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

public sealed class OutputsTests
{
    [Fact]
    public void Outputs_are_upper_case_for_the_tools_that_read_them()
    {
        Assert.All(Main.Outputs.Keys, name => Assert.Equal(name.ToUpperInvariant(), name));
    }

    [Fact]
    public void Outputs_give_a_deployer_what_the_next_steps_need()
    {
        foreach (var name in new[]
        {
            "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_APP_NAME", "GETPATH_URL",
            "AZURE_KEY_VAULT_NAME", "WECHAT_APP_SECRET_NAME", "AZURE_FUNCTION_IDENTITY_CLIENT_ID", "OUTBOUND_IP_ADDRESS",
            "PUSH_URL", "PUSH_QUEUE_URL", "WECHAT_PUSH_TOKEN_SECRET_NAME", "WECHAT_PUSH_AES_KEY_SECRET_NAME",
            "LOGISTICS_API_URL", "OPENAPI_URL",
        })
        {
            Assert.True(Main.Outputs.ContainsKey(name), $"output {name} is missing");
        }
    }

    [Fact]
    public void GetPath_URL_is_the_function_route_on_the_app_host_over_HTTPS()
    {
        var url = Main.Outputs["GETPATH_URL"].GetProperty("value").GetString()!;

        Assert.StartsWith("[format('https://{0}/api/logistics/getPath', ", url, StringComparison.Ordinal);
        Assert.Contains(".outputs.defaultHostName.value", url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LOGISTICS_API_URL", "/api/logistics")]
    [InlineData("OPENAPI_URL", "/api/openapi.json")]
    public void The_cloud_call_root_and_the_OpenAPI_document_are_on_the_app_host_over_HTTPS(string output, string path)
    {
        var url = Main.Outputs[output].GetProperty("value").GetString()!;

        Assert.StartsWith($"[format('https://{{0}}{path}', ", url, StringComparison.Ordinal);
        Assert.Contains(".outputs.defaultHostName.value", url, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_URL_is_the_push_route_on_the_app_host_over_HTTPS()
    {
        var url = Main.Outputs["PUSH_URL"].GetProperty("value").GetString()!;

        Assert.StartsWith("[format('https://{0}/api/logistics/push', ", url, StringComparison.Ordinal);
        Assert.Contains(".outputs.defaultHostName.value", url, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_queue_URL_is_the_push_queue_on_the_queue_endpoint_of_the_app_storage_account()
    {
        var url = ArmExpression.Parse(Main.Outputs["PUSH_QUEUE_URL"].GetProperty("value").GetString()!);
        var format = Assert.IsType<ArmCall>(url);

        Assert.True(format.Is("format"), $"PUSH_QUEUE_URL must be a format() of endpoint and queue name, not {format}");
        Assert.Equal("{0}{1}", Assert.IsType<ArmString>(format.Arguments[0]).Value);
        var endpoint = ExpressionTrace.Trace(Main, format.Arguments[1].ToTemplateString());
        Assert.Same(StorageAccount.Template, endpoint.Template);
        Assert.EndsWith(".primaryEndpoints.queue]", endpoint.Expression, StringComparison.Ordinal);
        Assert.Equal(PushQueueName, TemplateValue.StringOf(Main, format.Arguments[2].ToTemplateString()));
    }

    [Theory]
    [InlineData("WECHAT_APP_SECRET_NAME", "weChatAppSecretName")]
    [InlineData("WECHAT_PUSH_TOKEN_SECRET_NAME", "weChatPushTokenSecretName")]
    [InlineData("WECHAT_PUSH_AES_KEY_SECRET_NAME", "weChatPushEncodingAesKeySecretName")]
    public void Secret_outputs_hold_the_secret_name_parameter_and_nothing_else(string output, string parameter)
    {
        // The name of the vault secret to set, never a value: the template never sees a secret value.
        Assert.Equal($"[parameters('{parameter}')]", Main.Outputs[output].GetProperty("value").GetString());
        Assert.Equal("string", Main.Outputs[output].GetProperty("type").GetString());
    }

    [Fact]
    public void Names_derive_from_one_token_of_subscription_group_and_environment()
    {
        Assert.Equal(
            "[toLower(uniqueString(subscription().id, resourceGroup().id, parameters('environmentName')))]",
            Main.Variables["resourceToken"].GetString());
        var names = Main.Variables["names"];
        Assert.All(names.EnumerateObject(), name => Assert.Contains("variables('resourceToken')", name.Value.GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Every_resource_is_tagged_with_the_azd_environment()
    {
        var tagged = Main.AllResources().Where(resource => resource.Type != "Microsoft.Resources/deployments" && resource.Element.TryGetProperty("location", out _)).ToList();
        Assert.NotEmpty(tagged);
        Assert.Contains("'azd-env-name'", Main.Variables["tags"].GetString(), StringComparison.Ordinal);

        Assert.All(tagged, resource =>
        {
            Assert.True(resource.Element.TryGetProperty("tags", out var tags), $"{resource} has no tags");
            Assert.Contains("parameters('tags')", tags.GetString(), StringComparison.Ordinal);
            Assert.Equal("[variables('tags')]", ExpressionTrace.Trace(resource.Template, "[parameters('tags')]").Expression);
        });
    }

    [Fact]
    public void Compiled_template_is_newer_than_every_Bicep_source()
    {
        var compiled = File.GetLastWriteTimeUtc(CompiledTemplate.TemplatePath);
        var sources = Directory.EnumerateFiles(Path.Combine(CompiledTemplate.RepositoryRoot, "infra"), "*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".bicep", StringComparison.Ordinal) || path.EndsWith(".bicepparam", StringComparison.Ordinal) || path.EndsWith("bicepconfig.json", StringComparison.Ordinal));

        Assert.All(sources, source => Assert.True(
            File.GetLastWriteTimeUtc(source) <= compiled,
            $"{source} changed after {CompiledTemplate.TemplatePath} was built: run `bash tools/bicep/check.sh` again"));
    }
}
