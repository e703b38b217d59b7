using System.Text.Json.Serialization;

namespace LogisticsFunctions.WeChat.Push;

/// <summary>
/// WeChat's <c>add_express_path</c> event (cloud name <c>logistics.onPathUpdate</c>): a waybill's trace has
/// new points. Serialized with WeChat's JSON field names whatever format it arrived in; <c>DeliveryID</c>,
/// <c>WayBillId</c> and <c>Version</c> together identify one update.
/// </summary>
public sealed record ExpressPathEvent
{
    public const string MsgTypeValue = "event";
    public const string EventValue = "add_express_path";

    /// <summary>The mini-program's original id (gh_…).</summary>
    public required string ToUserName { get; init; }

    /// <summary>An openid.</summary>
    public required string FromUserName { get; init; }

    /// <summary>Unix seconds.</summary>
    public required long CreateTime { get; init; }

    public required string MsgType { get; init; }

    public required string Event { get; init; }

    /// <summary>The courier (capital <c>ID</c> on the wire).</summary>
    [JsonPropertyName("DeliveryID")]
    public required string DeliveryId { get; init; }

    /// <summary>The waybill (capital <c>B</c> on the wire).</summary>
    public required string WayBillId { get; init; }

    /// <summary>The order, in newer pushes only; left out of the JSON when WeChat did not send it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OrderId { get; init; }

    /// <summary>The trace's version: grows with each update.</summary>
    public required long Version { get; init; }

    /// <summary>The number of actions, as WeChat counted them.</summary>
    public required long Count { get; init; }

    /// <summary>The trace points; always an array, empty when WeChat sent none.</summary>
    public required IReadOnlyList<ExpressPathAction> Actions { get; init; }
}

/// <summary>One trace point of an <see cref="ExpressPathEvent"/>.</summary>
public sealed record ExpressPathAction
{
    /// <summary>Unix seconds.</summary>
    public required long ActionTime { get; init; }

    /// <summary>WeChat's action type code (100001 picked up, 200001 in transit, …).</summary>
    public required long ActionType { get; init; }

    public required string ActionMsg { get; init; }
}
