using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>
/// WeChat's <c>add_express_path</c> event (logistics.onPathUpdate): a waybill's whole trace so far, sent each time it
/// changes. <c>WayBillId</c> with <c>Version</c> (and <c>DeliveryID</c>) identifies one update.
/// </summary>
/// <param name="ToUserName">The mini program's original id (<c>gh_…</c>).</param>
/// <param name="FromUserName">The openid the order was placed for.</param>
/// <param name="CreateTime">Unix seconds.</param>
/// <param name="DeliveryId">The courier (<c>DeliveryID</c> on the wire).</param>
/// <param name="WayBillId">The waybill.</param>
/// <param name="OrderId">The order; newer docs only, left out when null.</param>
/// <param name="Version">Grows with each update of the trace.</param>
/// <param name="Actions">Every trace point so far, oldest first (<c>Count</c> is their number).</param>
public sealed record ExpressPathEvent(
    string ToUserName,
    string FromUserName,
    long CreateTime,
    string DeliveryId,
    string WayBillId,
    string? OrderId,
    int Version,
    IReadOnlyList<SimulatedPathItem> Actions)
{
    /// <summary>The event's members with WeChat's names and order, as the JSON format sends them.</summary>
    [SuppressMessage("Usage", "CA1507:Use nameof in place of string literal",
        Justification = "These are WeChat's wire names; renaming a C# parameter must not change them.")]
    public JsonObject ToMessage()
    {
        var message = new JsonObject
        {
            ["ToUserName"] = ToUserName,
            ["FromUserName"] = FromUserName,
            ["CreateTime"] = CreateTime,
            ["MsgType"] = "event",
            ["Event"] = "add_express_path",
            ["DeliveryID"] = DeliveryId,
            ["WayBillId"] = WayBillId,
        };
        if (OrderId is not null)
        {
            message["OrderId"] = OrderId;
        }

        message["Version"] = Version;
        message["Count"] = Actions.Count;
        message["Actions"] = new JsonArray([.. Actions.Select(action => (JsonNode)new JsonObject
        {
            ["ActionTime"] = action.ActionTime,
            ["ActionType"] = action.ActionType,
            ["ActionMsg"] = action.ActionMsg,
        })]);
        return message;
    }
}
