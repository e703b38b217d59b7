using System.Text.Json.Nodes;
using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// With the fixed outbound IP on, the storage account and the vault admit only the app's integration
/// subnet (by service endpoint and network rule) and the public addresses the operator lists; without
/// it they stay open to every network (an Entra ID token is required either way).
/// </summary>
public sealed class NetworkLockTests
{
    private const string Subnet = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-functions";

    public static TheoryData<string> LockedResourceTypes => new("Microsoft.Storage/storageAccounts", "Microsoft.KeyVault/vaults");

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts", "storageAllowedIpRanges")]
    [InlineData("Microsoft.KeyVault/vaults", "keyVaultAllowedIpRanges")]
    public void Main_template_locks_the_resource_to_the_integration_subnet_exactly_when_the_fixed_outbound_IP_is_on(string type, string ipRangesParameter)
    {
        var resource = Main.Single(type);
        var module = resource.Template;

        var passedSubnet = module.ValuePassedFor("allowedSubnetId");
        Assert.Equal(ArmEvaluator.ModuleOutput("network", "subnetId"), PassedValue(passedSubnet, enableFixedOutboundIp: true));
        Assert.Equal(string.Empty, PassedValue(passedSubnet, enableFixedOutboundIp: false));
        Assert.Equal($"[parameters('{ipRangesParameter}')]", Traced(resource, "[parameters('allowedIpRanges')]"));
        Assert.Equal(0, DefaultOf(ipRangesParameter).GetArrayLength());
        Assert.Equal(0, ParameterFileValue(ipRangesParameter).GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(LockedResourceTypes))]
    public void Locked_resource_admits_only_the_subnet_and_the_listed_addresses(string type)
    {
        var resource = Main.Single(type);

        var acls = NetworkAcls(resource, Subnet, ["203.0.113.7", "198.51.100.0/24"]);

        Assert.Equal("Deny", acls["defaultAction"]!.GetValue<string>());
        Assert.Equal("None", acls["bypass"]!.GetValue<string>());
        var subnetRule = Assert.Single(acls["virtualNetworkRules"]!.AsArray());
        Assert.Equal(Subnet, subnetRule!["id"]!.GetValue<string>());
        Assert.Equal(["203.0.113.7", "198.51.100.0/24"], acls["ipRules"]!.AsArray().Select(rule => rule!["value"]!.GetValue<string>()));
        Assert.All(acls["ipRules"]!.AsArray().Concat(acls["virtualNetworkRules"]!.AsArray()), rule =>
            Assert.True(rule!["action"] is null || rule["action"]!.GetValue<string>() == "Allow", $"rule {rule.ToJsonString()} must allow"));
        Assert.Equal("Enabled", resource.StringAt("properties", "publicNetworkAccess"));
    }

    [Theory]
    [MemberData(nameof(LockedResourceTypes))]
    public void Locked_resource_with_no_listed_addresses_admits_the_subnet_alone(string type)
    {
        var acls = NetworkAcls(Main.Single(type), Subnet, []);

        Assert.Equal("Deny", acls["defaultAction"]!.GetValue<string>());
        Assert.Single(acls["virtualNetworkRules"]!.AsArray());
        Assert.Empty(acls["ipRules"]!.AsArray());
    }

    [Theory]
    [MemberData(nameof(LockedResourceTypes))]
    public void Unlocked_resource_stays_open_and_ignores_listed_addresses(string type)
    {
        var acls = NetworkAcls(Main.Single(type), string.Empty, ["203.0.113.7"]);

        Assert.Equal("Allow", acls["defaultAction"]!.GetValue<string>());
        Assert.Empty(acls["virtualNetworkRules"]!.AsArray());
        Assert.Empty(acls["ipRules"]!.AsArray());
    }

    [Theory]
    [InlineData("Microsoft.Storage")]
    [InlineData("Microsoft.KeyVault")]
    public void Integration_subnet_has_the_service_endpoint_its_network_rules_need(string service)
    {
        var network = Main.Single("Microsoft.Network/virtualNetworks");
        var subnet = Assert.Single(network.At("properties", "subnets").EnumerateArray());

        var services = subnet.GetProperty("properties").GetProperty("serviceEndpoints").EnumerateArray().Select(endpoint => endpoint.GetProperty("service").GetString());
        Assert.Contains(service, services);
    }

    private static JsonObject NetworkAcls(ArmResource resource, string allowedSubnetId, string[] allowedIpRanges)
    {
        var evaluator = new ArmEvaluator(resource.Template, new Dictionary<string, JsonNode?>
        {
            ["allowedSubnetId"] = JsonValue.Create(allowedSubnetId),
            ["allowedIpRanges"] = new JsonArray(allowedIpRanges.Select(range => (JsonNode?)JsonValue.Create(range)).ToArray()),
        });
        return Assert.IsType<JsonObject>(evaluator.Evaluate(resource.At("properties", "networkAcls")));
    }

    /// <summary>What main passes to the module's parameter, with the fixed outbound IP on or off.</summary>
    private static string PassedValue(JsonElement passed, bool enableFixedOutboundIp)
    {
        var evaluator = new ArmEvaluator(Main, new Dictionary<string, JsonNode?> { ["enableFixedOutboundIp"] = JsonValue.Create(enableFixedOutboundIp) });
        var value = evaluator.Evaluate(passed);
        // A conditional argument compiles to one expression for the whole { value: … } object.
        return (value is JsonObject wrapped ? wrapped["value"] : value)!.GetValue<string>();
    }
}
