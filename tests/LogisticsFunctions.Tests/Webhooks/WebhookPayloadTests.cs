using System.Text;
using LogisticsFunctions.Push;
using LogisticsFunctions.WeChat.Push;
using LogisticsFunctions.Webhooks;

namespace LogisticsFunctions.Tests.Webhooks;

public sealed class WebhookPayloadTests
{
    private static readonly ExpressPathEvent Update = new()
    {
        ToUserName = "gh_0123456789ab",
        FromUserName = "oOPENID",
        CreateTime = 1546924844,
        MsgType = "event",
        Event = "add_express_path",
        DeliveryId = "SF",
        WayBillId = "SF1234567890123",
        OrderId = "01234567890123456789",
        Version = 2,
        Count = 1,
        Actions = [new ExpressPathAction { ActionTime = 1546924840, ActionType = 100001, ActionMsg = "小哥A揽件成功 \"<&>\"" }],
    };

    [Fact]
    public void The_body_is_type_timestamp_and_the_queued_event_as_data()
    {
        var body = Encoding.UTF8.GetString(WebhookPayload.BodyFor(Update));

        Assert.Equal(
            """{"type":"logistics.path.updated","timestamp":"2019-01-08T05:20:44Z","data":""" + Encoding.UTF8.GetString(ExpressPathEventJson.ToUtf8(Update)) + "}",
            body);
        Assert.Contains("""{"ToUserName":"gh_0123456789ab","FromUserName":"oOPENID","CreateTime":1546924844,"MsgType":"event","Event":"add_express_path","DeliveryID":"SF","WayBillId":"SF1234567890123","OrderId":"01234567890123456789","Version":2,"Count":1,"Actions":[{"ActionTime":1546924840,"ActionType":100001,"ActionMsg":"小哥A揽件成功 \"<&>\""}]}""", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_id_is_the_updates_marker_hash_so_every_duplicate_and_attempt_carries_the_same_one()
    {
        var id = WebhookPayload.IdFor(Update);
        var sameUpdateOtherwiseDelivered = Update with { CreateTime = 1546999999, FromUserName = "another", Actions = [] };

        Assert.Equal("msg_" + DeliveryMarker.NameFor(Update), id);
        Assert.Matches("^msg_[0-9a-f]{64}$", id);
        Assert.Equal(id, WebhookPayload.IdFor(sameUpdateOtherwiseDelivered));
        Assert.NotEqual(id, WebhookPayload.IdFor(Update with { Version = 3 }));
        Assert.NotEqual(id, WebhookPayload.IdFor(Update with { DeliveryId = "ZTO" }));
        Assert.NotEqual(id, WebhookPayload.IdFor(Update with { WayBillId = "SF1234567890124" }));
    }
}
