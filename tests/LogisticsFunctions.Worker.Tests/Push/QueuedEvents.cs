using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;

namespace LogisticsFunctions.Worker.Tests.Push;

/// <summary>The push queue read as a backend's queue trigger reads it: each message decoded from Base64, then parsed.</summary>
internal static class QueuedEvents
{
    /// <summary>Every message on the queue, taken off it.</summary>
    public static async Task<List<JsonObject>> ReceiveAllAsync(string connectionString)
    {
        var queue = new QueueClient(connectionString, "express-path-events", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var messages = await queue.ReceiveMessagesAsync(maxMessages: 32);
        var events = new List<JsonObject>();
        foreach (var message in messages.Value)
        {
            events.Add(JsonNode.Parse(Encoding.UTF8.GetString(message.Body.ToArray()))!.AsObject());
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        return events;
    }

    /// <summary>
    /// The message's members in the order the simulator's event writes them (WeChat's order, OrderId where WeChat
    /// puts it), to compare with it as text.
    /// </summary>
    public static JsonObject Normalised(JsonObject message)
    {
        var order = new[] { "ToUserName", "FromUserName", "CreateTime", "MsgType", "Event", "DeliveryID", "WayBillId", "OrderId", "Version", "Count", "Actions" };
        return new JsonObject(order.Where(message.ContainsKey).Select(name => KeyValuePair.Create(name, message[name]?.DeepClone())));
    }
}
