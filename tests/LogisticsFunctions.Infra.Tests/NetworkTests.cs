using System.Text.RegularExpressions;
using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>The optional fixed outbound IP for WeChat's IP whitelist (errcode 40164).</summary>
public sealed partial class NetworkTests
{
    [Fact]
    public void Fixed_outbound_IP_is_a_parameter_that_defaults_to_off()
    {
        var parameter = Main.ParameterDefinitions["enableFixedOutboundIp"];
        Assert.Equal("bool", parameter.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.False, parameter.GetProperty("defaultValue").ValueKind);

        Assert.Equal("[parameters('enableFixedOutboundIp')]", Main.Module("network").StringAt("condition"));
        // Bicep compiles a conditional module argument into one expression for the whole parameter.
        var subnet = Main.Module("functionapp").StringAt("properties", "parameters", "virtualNetworkSubnetId");
        Assert.StartsWith("[if(parameters('enableFixedOutboundIp'), ", subnet, StringComparison.Ordinal);
        Assert.Contains(".outputs.subnetId.value", subnet, StringComparison.Ordinal);
        Assert.EndsWith("createObject('value', ''))]", subnet, StringComparison.Ordinal);
        Assert.Equal("[if(empty(parameters('virtualNetworkSubnetId')), null(), parameters('virtualNetworkSubnetId'))]", Site.StringAt("properties", "virtualNetworkSubnetId"));
    }

    [Fact]
    public void Integration_subnet_is_delegated_to_Container_Apps_environments_and_leaves_through_the_NAT_gateway()
    {
        var network = Main.Single("Microsoft.Network/virtualNetworks");
        var subnet = Assert.Single(network.At("properties", "subnets").EnumerateArray());

        var delegation = Assert.Single(subnet.GetProperty("properties").GetProperty("delegations").EnumerateArray());
        Assert.Equal("Microsoft.App/environments", delegation.GetProperty("properties").GetProperty("serviceName").GetString());
        Assert.Contains("'Microsoft.Network/natGateways'", subnet.GetProperty("properties").GetProperty("natGateway").GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NAT_gateway_sends_from_one_static_Standard_public_IP()
    {
        var natGateway = Main.Single("Microsoft.Network/natGateways");
        var publicIp = Main.Single("Microsoft.Network/publicIPAddresses");

        var address = Assert.Single(natGateway.At("properties", "publicIpAddresses").EnumerateArray());
        Assert.Contains("'Microsoft.Network/publicIPAddresses'", address.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("Standard", publicIp.StringAt("sku", "name"));
        Assert.Equal("Static", publicIp.StringAt("properties", "publicIPAllocationMethod"));
    }

    [Fact]
    public void Outbound_IP_is_an_output_that_is_empty_when_the_feature_is_off()
    {
        var output = WhenEnabledElseEmpty().Match(Main.Outputs["OUTBOUND_IP_ADDRESS"].GetProperty("value").GetString()!);

        Assert.True(output.Success, "OUTBOUND_IP_ADDRESS must be the IP when enableFixedOutboundIp is true and '' otherwise");
        var traced = ExpressionTrace.Trace(Main, $"[{output.Groups["value"].Value}]");
        Assert.Contains("'Microsoft.Network/publicIPAddresses'", traced.Expression, StringComparison.Ordinal);
        Assert.EndsWith(".ipAddress]", traced.Expression, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\[if\(parameters\('enableFixedOutboundIp'\), (?<value>.+), ''\)\]$")]
    private static partial Regex WhenEnabledElseEmpty();
}
