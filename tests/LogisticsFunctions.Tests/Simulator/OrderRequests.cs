using System.Text.Json.Nodes;
using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>Request bodies for the order endpoints, starting from the official addOrder example.</summary>
internal static class OrderRequests
{
    /// <summary>The addOrder page's request example (SF, account xyz), verbatim.</summary>
    public const string DocumentedAddOrder = """
        {
          "order_id": "01234567890123456789",
          "openid": "oABC123456",
          "delivery_id": "SF",
          "biz_id": "xyz",
          "custom_remark": "易碎物品",
          "sender": {
            "name": "张三",
            "tel": "020-88888888",
            "mobile": "18666666666",
            "company": "公司名",
            "post_code": "123456",
            "country": "中国",
            "province": "广东省",
            "city": "广州市",
            "area": "海珠区",
            "address": "XX路XX号XX大厦XX栋XX"
          },
          "receiver": {
            "name": "王小蒙",
            "tel": "020-77777777",
            "mobile": "18610000000",
            "company": "公司名",
            "post_code": "654321",
            "country": "中国",
            "province": "广东省",
            "city": "广州市",
            "area": "天河区",
            "address": "XX路XX号XX大厦XX栋XX"
          },
          "shop": {
            "wxa_path": "/index/index?from=waybill&id=01234567890123456789",
            "img_url": "https://mmbiz.qpic.cn/mmbiz_png/OiaFLUqewuIDNQnTiaCInIG8ibdosYHhQHPbXJUrqYSNIcBL60vo4LIjlcoNG1QPkeH5GWWEB41Ny895CokeAah8A/640",
            "goods_name": "一千零一夜钻石包&爱马仕铂金包",
            "goods_count": 2
          },
          "cargo": {
            "count": 2,
            "weight": 5.5,
            "space_x": 30.5,
            "space_y": 20,
            "space_z": 20,
            "detail_list": [
              {
                "name": "一千零一夜钻石包",
                "count": 1
              },
              {
                "name": "爱马仕铂金包",
                "count": 1
              }
            ]
          },
          "insured": {
            "use_insured": 1,
            "insured_value": 10000
          },
          "service": {
            "service_type": 0,
            "service_name": "标准快递"
          }
        }
        """;

    /// <summary>The documented example with another order id, courier, account and service, ready to change further.</summary>
    public static JsonObject AddOrder(string orderId, string deliveryId = "SF", string bizId = "xyz", int serviceType = 0)
    {
        var body = JsonNode.Parse(DocumentedAddOrder)!.AsObject();
        body["order_id"] = orderId;
        body["delivery_id"] = deliveryId;
        body["biz_id"] = bizId;
        body["service"] = new JsonObject { ["service_type"] = serviceType, ["service_name"] = "标准快递" };
        return body;
    }

    /// <summary>An order with WeChat's test courier and account, the only kind testUpdateOrder moves.</summary>
    public static JsonObject AddTestOrder(string orderId) => AddOrder(orderId, MagicValues.TestDeliveryId, MagicValues.TestBizId);

    public static JsonObject GetOrder(string orderId, string deliveryId, string? waybillId = null)
    {
        var body = new JsonObject { ["order_id"] = orderId, ["openid"] = "oABC123456", ["delivery_id"] = deliveryId };
        if (waybillId is not null)
        {
            body["waybill_id"] = waybillId;
        }

        return body;
    }

    public static JsonObject Cancel(string orderId, string deliveryId, string waybillId) => new()
    {
        ["order_id"] = orderId,
        ["openid"] = "oABC123456",
        ["delivery_id"] = deliveryId,
        ["waybill_id"] = waybillId,
    };

    public static JsonObject TestUpdate(string orderId, string waybillId, long actionTime, int actionType, string actionMsg) => new()
    {
        ["biz_id"] = MagicValues.TestBizId,
        ["order_id"] = orderId,
        ["delivery_id"] = MagicValues.TestDeliveryId,
        ["waybill_id"] = waybillId,
        ["action_time"] = actionTime,
        ["action_type"] = actionType,
        ["action_msg"] = actionMsg,
    };

    public static JsonObject Path(string orderId, string deliveryId, string waybillId) => new()
    {
        ["order_id"] = orderId,
        ["openid"] = "oABC123456",
        ["delivery_id"] = deliveryId,
        ["waybill_id"] = waybillId,
    };
}
