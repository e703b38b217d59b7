using System.Text.Json;
using LogisticsFunctions.CloudCall.Schema;
using LogisticsFunctions.WeChat.Http;

namespace LogisticsFunctions.CloudCall.Methods;

public static partial class LogisticsMethods
{
    /// <summary>
    /// <c>[POST] /cgi-bin/express/business/order/add</c>: creates an order and its waybill (a write). A
    /// courier's refusal answers 9300501 with the courier's own delivery_resultcode and delivery_resultmsg.
    /// </summary>
    public static CloudCallMethod AddOrder { get; } = new(
        "addOrder",
        WeChatApi.PostWrite(Prefix + "order/add"),
        new ObjectSchema("The order to create.",
        [
            Required("add_source", new IntegerField("0 an order from the mini-program, 2 from an App or H5 (then wxAppid is required and openid is not sent).", 0, 2)),
            Optional("wx_appid", new StringField("The App's or H5's appid, when addSource is 2.", 64)),
            Required("order_id", OrderId()),
            Optional("openid", new StringField("The user's openid; required when addSource is 0.", IdBytes)),
            Required("delivery_id", DeliveryId()),
            Required("biz_id", BizId()),
            Optional("custom_remark", new StringField("A remark printed on the label.", 1024, identifier: false)),
            Optional("tagid", new IntegerField("The user tag id that may print this order.")),
            Required("sender", Contact("The sender.")),
            Required("receiver", Contact("The receiver.")),
            Required("cargo", Cargo()),
            Required("shop", Shop()),
            Required("insured", new ObjectSchema("Insurance.",
            [
                Required("use_insured", new IntegerField("1 to insure, 0 not.", 0, 1)),
                Required("insured_value", new IntegerField("The insured value in fen (10000 = 100 yuan).")),
            ])),
            Required("service", new ObjectSchema("The courier's service, from getAllDelivery.",
            [
                Required("service_type", new IntegerField("The service's code.")),
                Required("service_name", new StringField("The service's name.", 128, identifier: false)),
            ])),
            Optional("expect_time", UnixTime("Unix time the courier should collect; SF requires it, 0 = agreed beforehand.")),
            Optional("take_mode", new IntegerField("0 contracted with a local branch (the default), 1 with the headquarters (JD only).", 0, 1)),
        ], AddOrderRules),
        Answer(
            "The new order.",
            Out("order_id", OrderId()),
            Out("waybill_id", WaybillId()),
            Out("waybill_data", List("The label's data.", WaybillDataItem())),
            Out("delivery_resultcode", Int("The courier's own result code.")),
            Out("delivery_resultmsg", Text("The courier's own message.")),
            Out(OutcomeLookup.RecoveredMember, new BooleanField(
                "true when WeChat's answer to order/add was lost (a timeout, a reset, an HTTP 5xx, errcode -1) and getOrder found the order: "
                + "orderId, waybillId and waybillData are read back from it, deliveryResultcode and deliveryResultmsg are absent. Absent otherwise."))),
        "Creates an order and its waybill.",
        """
        {"addSource":0,"orderId":"01234567890123456789","openid":"OPENID","deliveryId":"SF","bizId":"xyz","customRemark":"易碎物品",
        "sender":{"name":"张三","mobile":"13800000000","province":"广东省","city":"广州市","area":"海珠区","address":"XX路XX号"},
        "receiver":{"name":"王小蒙","mobile":"13800000001","province":"广东省","city":"广州市","area":"天河区","address":"XX路XX号"},
        "cargo":{"count":1,"weight":1.2,"spaceX":20,"spaceY":15,"spaceZ":10,"detailList":[{"name":"一本书","count":1}]},
        "shop":{"wxaPath":"/index/index?from=waybill&id=01234567890123456789","imgUrl":"https://mmbiz.qpic.cn/mmbiz_png/OiaFLUqewuIDNQnTiaCInIG8ibdosYHhQHPbXJUrqYSNIcBL60vo4LIjlcoNG1QPkeH5GWWEB41Ny895CokeAah8A/640","goodsName":"一本书","goodsCount":1},
        "insured":{"useInsured":1,"insuredValue":10000},
        "service":{"serviceType":0,"serviceName":"标准快递"},
        "expectTime":0}
        """)
    {
        WhenOutcomeUnknown = "repeating the call with the same orderId is safe: WeChat answers with the same waybill, or 9300508/9300522 when the first call created it; getOrder tells whether it did",
        // WeChat keeps one order per order_id: getOrder tells whether the order/add whose answer was lost placed it.
        OutcomeLookup = new(
            "getOrder",
            OrderGet(),
            ["order_id", "delivery_id", "openid"],
            ["order_id", "waybill_id", "waybill_data"],
            static order => order.TryGetProperty("order_status", out var status) && status.ValueKind == JsonValueKind.Number && status.TryGetInt32(out var code)
                ? code switch { 0 => null, 1 => "it is cancelled", _ => $"its orderStatus is {code}" }
                : "its orderStatus is missing"),
    };

    private static ObjectSchema Contact(string description) => new(description,
    [
        Required("name", new StringField("Name.", 64, identifier: false)),
        Optional("tel", new StringField("Landline; tel or mobile is required.", 32)),
        Optional("mobile", new StringField("Mobile number; tel or mobile is required.", 32)),
        Optional("company", new StringField("Company.", 64, identifier: false)),
        Optional("post_code", new StringField("Post code.", 10)),
        Optional("country", new StringField("Country.", 64, identifier: false)),
        Required("province", new StringField("Province.", 64, identifier: false)),
        Required("city", new StringField("City.", 64, identifier: false)),
        Required("area", new StringField("District.", 64, identifier: false)),
        Required("address", new StringField("Street address.", 512, identifier: false)),
    ], static fields => fields.Has("tel") || fields.Has("mobile") ? null : $"{fields.Name("mobile")} or {fields.Name("tel")} is required");

    private static ObjectSchema Cargo() => new("The parcels.",
    [
        Required("count", new IntegerField("The number of parcels; the length of detailList.", 1, 10_000)),
        Required("weight", new NumberField("Total weight in kg.", 0, 100_000)),
        Required("space_x", new NumberField("Length in cm.", 0, 100_000)),
        Required("space_y", new NumberField("Width in cm.", 0, 100_000)),
        Required("space_z", new NumberField("Height in cm.", 0, 100_000)),
        Required("detail_list", new ArrayField("What is in the parcels.", new ObjectSchema("An item.",
        [
            Required("name", new StringField("The item's name.", 128, identifier: false)),
            Required("count", new IntegerField("How many.", 1, 100_000)),
        ]), 1, 10_000)),
    ], static fields => fields.Value("count") is long count && fields.Value("detail_list") is int items && count != items
        ? $"{fields.Name("count")} must equal the number of items in {fields.Name("detail_list")} ({items})"
        : null);

    // Described either way WeChat's callers do: the goods as one (imgUrl, goodsName, goodsCount: WeChat's page, WxJava)
    // or item by item in detailList (WeChat staff's working example sends only wxaPath and detailList; SKIT marks the
    // others optional, WxJava each item's fields). What describes nothing is refused.
    private static ObjectSchema Shop() => new("The goods, shown in the user's logistics notices and on the label: imgUrl, goodsName and goodsCount, or detailList item by item, or both.",
    [
        Required("wxa_path", new StringField("The mini-program page of the order.", 1024)),
        Optional("img_url", new StringField("A picture of the goods.", 1024)),
        Optional("goods_name", new StringField("The goods' name.", 128, identifier: false)),
        Optional("goods_count", new IntegerField("How many goods (0, or left out, when detailList describes them).", 0, 100_000)),
        Optional("detail_list", new ArrayField("The goods item by item, for the notice's page.", new ObjectSchema("A good: its name, picture or description.",
        [
            Optional("goods_name", new StringField("Its name.", 128, identifier: false)),
            Optional("goods_img_url", new StringField("Its picture.", 1024)),
            Optional("goods_desc", new StringField("Its description.", 1024, identifier: false)),
        ], static good => good.Has("goods_name") || good.Has("goods_img_url") || good.Has("goods_desc")
            ? null
            : NothingDescribed(good, "goods_name", "goods_img_url", "goods_desc")), 0, 1_000)),
    ], static shop => shop.Has("goods_name") || shop.Has("img_url") || shop.Value("detail_list") is int and > 0
        ? null
        : NothingDescribed(shop, "goods_name", "img_url", "detail_list"));

    // Null and "" say nothing, and neither does an empty detailList.
    private static string NothingDescribed(ObjectFields fields, string first, string second, string third) =>
        $"{fields.Name(first)}, {fields.Name(second)} or {fields.Name(third)} is required: nothing describes the goods";

    // add_source 0 is the mini-program's own user (openid); 2 an App or H5 order (wx_appid, and no openid).
    private static string? AddOrderRules(ObjectFields fields) => fields.Value("add_source") switch
    {
        0L when !fields.Has("openid") => $"{fields.Name("openid")} is required when {fields.Name("add_source")} is 0",
        2L when !fields.Has("wx_appid") => $"{fields.Name("wx_appid")} is required when {fields.Name("add_source")} is 2",
        2L when fields.Has("openid") => $"{fields.Name("openid")} must not be given when {fields.Name("add_source")} is 2",
        1L => $"{fields.Name("add_source")} must be 0 or 2",
        _ => null,
    };
}
