using System.Text.Json.Nodes;
using static LogisticsFunctions.Infra.Tests.LogisticsInfrastructure;

namespace LogisticsFunctions.Infra.Tests;

/// <summary>
/// storage-firewall.bicep writes the storage account a second time (ARM writes a resource whole) to lock
/// its firewall: anything else that differed from storage.bicep's account would silently change the
/// account with the fixed outbound IP on (shared keys back on, TLS lowered…).
/// </summary>
public sealed class StorageFirewallTests
{
    private static ArmResource LockedAccount =>
        Assert.Single(Main.Module("storage-firewall").NestedTemplate!.Resources, resource => resource.Type == "Microsoft.Storage/storageAccounts");

    [Fact]
    public void Locked_account_repeats_every_property_of_the_app_storage_account_but_its_network_rules()
    {
        var locked = LockedAccount;

        Assert.Equal(StorageAccount.Element.GetProperty("apiVersion").GetString(), locked.Element.GetProperty("apiVersion").GetString());
        Assert.Equal(Json(StorageAccount.At("kind")), Json(locked.At("kind")));
        Assert.Equal(Json(StorageAccount.At("sku")), Json(locked.At("sku")));
        Assert.Equal(WithoutNetworkRules(StorageAccount), WithoutNetworkRules(locked));
        foreach (var property in new[] { "name", "location", "tags" })
        {
            Assert.Equal(Traced(StorageAccount, StorageAccount.StringAt(property)), Traced(locked, locked.StringAt(property)));
        }
    }

    [Fact]
    public void Locked_account_changes_no_other_property_than_storage_bicep_sets()
    {
        // The comparison above is only as strong as the property list: both must name the same ones.
        var names = LockedAccount.Properties.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal);

        Assert.Equal(StorageAccount.Properties.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal), names);
        Assert.Contains("allowSharedKeyAccess", names);
    }

    private static string Json(JsonElement element) => element.GetRawText();

    private static string WithoutNetworkRules(ArmResource account)
    {
        var properties = JsonNode.Parse(account.Properties.GetRawText())!.AsObject();
        Assert.True(properties.Remove("networkAcls"), $"{account} sets no networkAcls");
        return properties.ToJsonString();
    }
}
