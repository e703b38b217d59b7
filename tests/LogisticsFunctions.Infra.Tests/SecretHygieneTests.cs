using System.Text.RegularExpressions;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>No secret value goes into, through or out of a deployment: the AppSecret and the push Token and EncodingAESKey are set in Key Vault by hand.</summary>
public sealed partial class SecretHygieneTests
{
    [Fact]
    public void No_parameter_of_any_template_is_a_secure_or_secret_value()
    {
        var parameters = CompiledTemplate.Main.AllTemplates().SelectMany(template => template.ParameterDefinitions).ToList();
        Assert.NotEmpty(parameters);

        Assert.All(parameters, parameter =>
        {
            Assert.DoesNotContain("secure", parameter.Value.GetProperty("type").GetString()!, StringComparison.OrdinalIgnoreCase);
            Assert.False(NameSuggestsSecretValue(parameter.Key), $"parameter '{parameter.Key}' is named like a secret value");
        });
    }

    [Fact]
    public void No_output_of_any_template_is_a_secure_or_secret_value()
    {
        var outputs = CompiledTemplate.Main.AllTemplates().SelectMany(template => template.Outputs).ToList();
        Assert.NotEmpty(outputs);

        Assert.All(outputs, output =>
        {
            Assert.DoesNotContain("secure", output.Value.GetProperty("type").GetString()!, StringComparison.OrdinalIgnoreCase);
            Assert.False(NameSuggestsSecretValue(output.Key), $"output '{output.Key}' is named like a secret value");
            Assert.DoesNotMatch(ListFunction(), output.Value.GetProperty("value").GetRawText());
        });
    }

    [Fact]
    public void Template_never_reads_keys_or_secrets_of_any_resource()
    {
        var json = CompiledTemplate.Main.Root.GetRawText();

        Assert.DoesNotMatch(ListFunction(), json);
        Assert.DoesNotContain("AccountKey=", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("InstrumentationKey", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parameters_file_sets_only_declared_parameters_and_no_secret()
    {
        var declared = CompiledTemplate.Main.ParameterDefinitions;
        var parameters = CompiledTemplate.Parameters.EnumerateObject().ToList();
        Assert.NotEmpty(parameters);

        Assert.All(parameters, parameter =>
        {
            Assert.True(declared.ContainsKey(parameter.Name), $"main.bicepparam sets '{parameter.Name}', which main.bicep does not declare");
            Assert.False(NameSuggestsSecretValue(parameter.Name), $"main.bicepparam sets '{parameter.Name}', named like a secret value");
            Assert.False(parameter.Value.TryGetProperty("reference", out _), $"'{parameter.Name}' is read from Key Vault at deployment time");
        });
    }

    [Theory]
    [InlineData("weChatAppSecretName", false)]
    [InlineData("AZURE_KEY_VAULT_NAME", false)]
    [InlineData("keyVaultUri", false)]
    [InlineData("deployerPrincipalId", false)]
    [InlineData("weChatPushTokenSecretName", false)]
    [InlineData("weChatPushPreviousEncodingAesKeySecretName", false)]
    [InlineData("WECHAT_PUSH_AES_KEY_SECRET_NAME", false)]
    [InlineData("keyVaultAllowedIpRanges", false)]
    [InlineData("grantDeployerVaultRole", false)]
    [InlineData("weChatPushToken", true)]
    [InlineData("pushEncodingAesKey", true)]
    [InlineData("weChatAppSecret", true)]
    [InlineData("adminPassword", true)]
    [InlineData("storageAccountKey", true)]
    [InlineData("APPLICATIONINSIGHTS_INSTRUMENTATION_KEY", true)]
    [InlineData("accessToken", true)]
    public void Secret_value_names_are_told_from_names_of_secrets(string name, bool suggestsSecretValue)
    {
        Assert.Equal(suggestsSecretValue, NameSuggestsSecretValue(name));
    }

    /// <summary>
    /// True when a name reads like a secret value (secret, password, key, token, credential, connection
    /// string), unless it names or locates one (…Name, …Uri, …Url): the secret's name is fine. "Key
    /// Vault" is a product, not a key.
    /// </summary>
    private static bool NameSuggestsSecretValue(string name)
    {
        var normalized = name.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant().Replace("KEYVAULT", "VAULT", StringComparison.Ordinal);
        if (normalized.EndsWith("NAME", StringComparison.Ordinal) || normalized.EndsWith("URI", StringComparison.Ordinal) || normalized.EndsWith("URL", StringComparison.Ordinal))
        {
            return false;
        }

        return SecretWord().IsMatch(normalized);
    }

    [GeneratedRegex("SECRET|PASSWORD|PASSWD|PWD|KEY|TOKEN|CREDENTIAL|CONNECTIONSTRING")]
    private static partial Regex SecretWord();

    [GeneratedRegex(@"\blist[A-Za-z]*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();
}
