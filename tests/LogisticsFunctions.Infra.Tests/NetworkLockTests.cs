using System.Text.Json.Nodes;
using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// With the fixed outbound IP on, the storage account and the vault admit only the app's integration
/// subnet (by service endpoint and network rule) and the public addresses the operator lists; without
/// it they stay open to every network (an Entra ID token is required either way). The rules that deny
/// are written only after the app has joined the subnet, so turning the fixed IP on for an app that
/// already runs does not lock it out; the deployments before that send no rules at all.
/// </summary>
public sealed class NetworkLockTests
{
    private static readonly string[] FirewalledTypes = ["Microsoft.Storage/storageAccounts", "Microsoft.KeyVault/vaults"];
    private static readonly string[] NetworkParameters = ["keepNetworkRules", "allowedSubnetId", "allowedIpRanges"];
    private const string Subnet = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-functions";

    public static TheoryData<string> LockedResourceTypes => new(FirewalledTypes);

    [Fact]
    public void No_firewall_denies_before_the_function_app_has_joined_the_subnet()
    {
        var appModule = DeploymentOrder.ModuleOf(Site);
        var denying = new List<ArmResource>();

        foreach (var resource in FirewalledResources())
        {
            foreach (var enableFixedOutboundIp in new[] { true, false })
            {
                if (!IsDeployed(resource, enableFixedOutboundIp)
                    || NetworkAcls(resource, enableFixedOutboundIp)?["defaultAction"]?.GetValue<string>() != "Deny")
                {
                    continue;
                }

                denying.Add(resource);
                Assert.True(
                    DeploymentOrder.RunsAfter(resource, appModule),
                    $"{resource} in module '{DeploymentOrder.ModuleOf(resource).Name}' can deny every network but runs before module '{appModule.Name}' puts the app into the subnet");
                Assert.Equal(ArmEvaluator.ModuleOutput("network", "subnetId"), SiteSubnet(enableFixedOutboundIp));
            }
        }

        // One storage account and one vault deny, each in the deployment after the app's.
        Assert.Equal(["Microsoft.KeyVault/vaults", "Microsoft.Storage/storageAccounts"], denying.Select(resource => resource.Type).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(LockedResourceTypes))]
    public void Before_the_app_is_in_the_subnet_the_deployment_sends_no_rules_with_the_fixed_IP_on_and_opens_the_firewall_with_it_off(string type)
    {
        var firstWrite = FirewalledResources().Where(resource => resource.Type == type && !DeploymentOrder.RunsAfter(resource, DeploymentOrder.ModuleOf(Site))).ToList();

        var resource = Assert.Single(firstWrite);
        // No networkAcls in the request: a locked firewall stays locked on a redeployment, an open one
        // stays open until the app has joined the subnet.
        Assert.Null(NetworkAcls(resource, enableFixedOutboundIp: true));
        var open = NetworkAcls(resource, enableFixedOutboundIp: false)!;
        Assert.Equal("Allow", open["defaultAction"]!.GetValue<string>());
        Assert.Empty(open["virtualNetworkRules"]!.AsArray());
        Assert.Empty(open["ipRules"]!.AsArray());
    }

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts", "storage-firewall", "storageAllowedIpRanges")]
    [InlineData("Microsoft.KeyVault/vaults", "keyvault-firewall", "keyVaultAllowedIpRanges")]
    public void Firewall_deployment_runs_exactly_when_the_fixed_outbound_IP_is_on_with_the_subnet_and_the_listed_addresses(string type, string module, string ipRangesParameter)
    {
        var firewall = Main.Module(module);
        var resource = Assert.Single(firewall.NestedTemplate!.Resources, candidate => candidate.Type == type);

        Assert.Equal("[parameters('enableFixedOutboundIp')]", firewall.StringAt("condition"));
        Assert.Equal(ArmEvaluator.ModuleOutput("network", "subnetId"), PassedValue(firewall.NestedTemplate, "allowedSubnetId", enableFixedOutboundIp: true)!.GetValue<string>());
        Assert.Equal($"[parameters('{ipRangesParameter}')]", Traced(resource, "[parameters('allowedIpRanges')]"));
        Assert.Equal(0, DefaultOf(ipRangesParameter).GetArrayLength());
        Assert.Equal(0, ParameterFileValue(ipRangesParameter).GetArrayLength());
        Assert.Equal(NameGivenTo(type == "Microsoft.KeyVault/vaults" ? Vault : StorageAccount), NameGivenTo(resource));
    }

    [Theory]
    [MemberData(nameof(LockedResourceTypes))]
    public void Locked_resource_admits_only_the_subnet_and_the_listed_addresses(string type)
    {
        var acls = LockedAcls(type, ["203.0.113.7", "198.51.100.0/24"]);

        Assert.Equal("Deny", acls["defaultAction"]!.GetValue<string>());
        Assert.Equal("None", acls["bypass"]!.GetValue<string>());
        var subnetRule = Assert.Single(acls["virtualNetworkRules"]!.AsArray());
        Assert.Equal(Subnet, subnetRule!["id"]!.GetValue<string>());
        Assert.Equal(["203.0.113.7", "198.51.100.0/24"], acls["ipRules"]!.AsArray().Select(rule => rule!["value"]!.GetValue<string>()));
        Assert.All(acls["ipRules"]!.AsArray().Concat(acls["virtualNetworkRules"]!.AsArray()), rule =>
            Assert.True(rule!["action"] is null || rule["action"]!.GetValue<string>() == "Allow", $"rule {rule.ToJsonString()} must allow"));
        Assert.Equal("Enabled", LockingResource(type).StringAt("properties", "publicNetworkAccess"));
    }

    [Theory]
    [MemberData(nameof(LockedResourceTypes))]
    public void Locked_resource_with_no_listed_addresses_admits_the_subnet_alone(string type)
    {
        var acls = LockedAcls(type, []);

        Assert.Equal("Deny", acls["defaultAction"]!.GetValue<string>());
        Assert.Single(acls["virtualNetworkRules"]!.AsArray());
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

    private static IEnumerable<ArmResource> FirewalledResources() =>
        Main.AllResources().Where(resource => !resource.IsExisting && FirewalledTypes.Contains(resource.Type));

    /// <summary>The resource that writes the locked firewall: the one that runs after the app joined the subnet.</summary>
    private static ArmResource LockingResource(string type) =>
        Assert.Single(FirewalledResources(), resource => resource.Type == type && DeploymentOrder.RunsAfter(resource, DeploymentOrder.ModuleOf(Site)));

    private static JsonObject LockedAcls(string type, string[] allowedIpRanges)
    {
        var resource = LockingResource(type);
        var evaluator = new ArmEvaluator(resource.Template, new Dictionary<string, JsonNode?>
        {
            ["allowedSubnetId"] = JsonValue.Create(Subnet),
            ["allowedIpRanges"] = new JsonArray(allowedIpRanges.Select(range => (JsonNode?)JsonValue.Create(range)).ToArray()),
            ["keepNetworkRules"] = JsonValue.Create(false),
        });
        return Assert.IsType<JsonObject>(evaluator.Evaluate(resource.At("properties", "networkAcls")));
    }

    /// <summary>False when the resource's module (a main-template module, as all here are) is left out with the fixed outbound IP on or off.</summary>
    private static bool IsDeployed(ArmResource resource, bool enableFixedOutboundIp)
    {
        var module = DeploymentOrder.ModuleOf(resource);
        Assert.Null(module.Template.Deployment);
        if (!module.Element.TryGetProperty("condition", out var condition))
        {
            return true;
        }

        var evaluator = new ArmEvaluator(Main, new Dictionary<string, JsonNode?> { ["enableFixedOutboundIp"] = JsonValue.Create(enableFixedOutboundIp) });
        return evaluator.Evaluate(condition)!.GetValue<bool>();
    }

    /// <summary>The resource's networkAcls as main deploys it; null when the request carries none.</summary>
    private static JsonNode? NetworkAcls(ArmResource resource, bool enableFixedOutboundIp)
    {
        var module = resource.Template;
        var parameters = NetworkParameters
            .Where(module.ParameterDefinitions.ContainsKey)
            .Where(name => module.Deployment!.Properties.GetProperty("parameters").TryGetProperty(name, out _))
            .ToDictionary(name => name, name => PassedValue(module, name, enableFixedOutboundIp));
        return new ArmEvaluator(module, parameters).Evaluate(resource.At("properties", "networkAcls"));
    }

    private static string? SiteSubnet(bool enableFixedOutboundIp)
    {
        var evaluator = new ArmEvaluator(Site.Template, new Dictionary<string, JsonNode?>
        {
            ["virtualNetworkSubnetId"] = PassedValue(Site.Template, "virtualNetworkSubnetId", enableFixedOutboundIp),
        });
        return evaluator.Evaluate(Site.At("properties", "virtualNetworkSubnetId"))?.GetValue<string>();
    }

    /// <summary>What main passes to a module's parameter, with the fixed outbound IP on or off.</summary>
    private static JsonNode? PassedValue(ArmTemplate module, string parameter, bool enableFixedOutboundIp)
    {
        var evaluator = new ArmEvaluator(Main, new Dictionary<string, JsonNode?>
        {
            ["enableFixedOutboundIp"] = JsonValue.Create(enableFixedOutboundIp),
        });
        var passed = module.ValuePassedFor(parameter);
        var value = evaluator.Evaluate(passed);
        // A conditional argument compiles to one expression for the whole { value: … } object.
        return passed.ValueKind == JsonValueKind.String && value is JsonObject wrapped && wrapped.ContainsKey("value") ? wrapped["value"]?.DeepClone() : value;
    }
}
