using System.Text;
using System.Text.Json.Nodes;

namespace LogisticsFunctions.Tests.Push;

/// <summary>Reads what the app queued as a consumer would: Base64 text → UTF-8 JSON.</summary>
internal static class AzuriteQueueAssert
{
    public static async Task<IReadOnlyList<JsonObject>> MessagesAsync(AzuriteFixture azurite)
    {
        var peeked = await azurite.PeekAllAsync();
        return [.. peeked.Select(message => JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText)))!.AsObject())];
    }

    public static async Task<int> CountAsync(AzuriteFixture azurite) =>
        (await azurite.RawQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>The queued JSON holds exactly the fields of <paramref name="expected"/>, in WeChat's names, with the same values and types.</summary>
    public static void SameEvent(TestExpressPath expected, JsonObject actual)
    {
        var names = new List<string> { "ToUserName", "FromUserName", "CreateTime", "MsgType", "Event", "DeliveryID", "WayBillId" };
        if (expected.OrderId is not null)
        {
            names.Add("OrderId");
        }

        names.AddRange(["Version", "Count", "Actions"]);
        Assert.Equal(names, actual.Select(p => p.Key));
        Assert.Equal(expected.ToUserName, actual["ToUserName"]!.GetValue<string>());
        Assert.Equal(expected.FromUserName, actual["FromUserName"]!.GetValue<string>());
        Assert.Equal(expected.CreateTime, actual["CreateTime"]!.GetValue<long>());
        Assert.Equal(expected.MsgType, actual["MsgType"]!.GetValue<string>());
        Assert.Equal(expected.Event, actual["Event"]!.GetValue<string>());
        Assert.Equal(expected.DeliveryId, actual["DeliveryID"]!.GetValue<string>());
        Assert.Equal(expected.WayBillId, actual["WayBillId"]!.GetValue<string>());
        if (expected.OrderId is not null)
        {
            Assert.Equal(expected.OrderId, actual["OrderId"]!.GetValue<string>());
        }

        Assert.Equal(expected.Version, actual["Version"]!.GetValue<long>());
        Assert.Equal(expected.Count, actual["Count"]!.GetValue<long>());
        var actions = actual["Actions"]!.AsArray();
        Assert.Equal(expected.Actions.Count, actions.Count);
        for (var i = 0; i < actions.Count; i++)
        {
            Assert.Equal(["ActionTime", "ActionType", "ActionMsg"], actions[i]!.AsObject().Select(p => p.Key));
            Assert.Equal(expected.Actions[i].ActionTime, actions[i]!["ActionTime"]!.GetValue<long>());
            Assert.Equal(expected.Actions[i].ActionType, actions[i]!["ActionType"]!.GetValue<long>());
            Assert.Equal(expected.Actions[i].ActionMsg, actions[i]!["ActionMsg"]!.GetValue<string>());
        }
    }
}
