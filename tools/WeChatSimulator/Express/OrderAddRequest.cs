using System.Text.Json;

namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// addOrder's body, checked as WeChat checks it: members of the wrong type and missing required members (sender and
/// receiver with name, province, city, area, address and a tel or a mobile; cargo with its sizes and detail_list;
/// service) are 47001, strings over the documented byte limits 9300526. shop and insured are optional, but a shop that
/// describes no goods (neither img_url, goods_name and a positive goods_count, nor a detail_list item with a name, a
/// picture or a description) is 9300535. expect_time is not required for SF, because the
/// official example for SF has none. Unknown members are ignored, as WeChat ignores them.
/// </summary>
internal sealed record OrderAddRequest(
    long AddSource,
    string? WxAppId,
    string OrderId,
    string Openid,
    string DeliveryId,
    string BizId,
    string CustomRemark,
    OrderContact Sender,
    OrderContact Receiver,
    IReadOnlyList<string> CargoNames,
    int ServiceType,
    string ServiceName,
    bool ShopIsValid)
{
    public const long MiniProgramOrder = 0;
    public const long AppOrder = 2;

    /// <summary>The request, or the failure to answer with.</summary>
    public static (OrderAddRequest? Request, WeChatError? Failure) Parse(JsonElement body)
    {
        var reader = new BodyReader();
        var addSource = reader.Integer(body, "add_source", required: false) ?? MiniProgramOrder;
        var wxAppId = reader.String(body, "wx_appid", required: false);
        var orderId = reader.String(body, "order_id", required: true, maxBytes: 512);
        var openid = reader.String(body, "openid", required: addSource == MiniProgramOrder, maxBytes: 128);
        var deliveryId = reader.String(body, "delivery_id", required: true);
        var bizId = reader.String(body, "biz_id", required: true);
        var customRemark = reader.String(body, "custom_remark", required: false, maxBytes: 1024);
        reader.Integer(body, "tagid", required: false);
        reader.Integer(body, "expect_time", required: false);
        reader.Integer(body, "take_mode", required: false);
        var sender = ReadContact(reader, reader.Object(body, "sender", required: true));
        var receiver = ReadContact(reader, reader.Object(body, "receiver", required: true));
        var cargoNames = ReadCargo(reader, reader.Object(body, "cargo", required: true));
        var shopIsValid = ReadShop(reader, reader.Object(body, "shop", required: false));
        ReadInsured(reader, reader.Object(body, "insured", required: false));
        var (serviceType, serviceName) = ReadService(reader, reader.Object(body, "service", required: true));
        if (addSource is not (MiniProgramOrder or AppOrder))
        {
            reader.FailFormat();
        }

        if (reader.Failure is { } failure)
        {
            return (null, failure);
        }

        return (new OrderAddRequest(
            addSource,
            wxAppId,
            orderId!,
            addSource == AppOrder ? string.Empty : openid!,
            deliveryId!,
            bizId!,
            customRemark ?? string.Empty,
            sender!,
            receiver!,
            cargoNames!,
            serviceType,
            serviceName!,
            shopIsValid), null);
    }

    private static OrderContact? ReadContact(BodyReader reader, JsonElement? contact)
    {
        if (contact is not { } c)
        {
            return null;
        }

        var name = reader.String(c, "name", required: true, maxBytes: 64);
        var tel = reader.String(c, "tel", required: false, maxBytes: 32);
        var mobile = reader.String(c, "mobile", required: false, maxBytes: 32);
        var company = reader.String(c, "company", required: false, maxBytes: 64);
        reader.String(c, "post_code", required: false, maxBytes: 10);
        reader.String(c, "country", required: false, maxBytes: 64);
        var province = reader.String(c, "province", required: true, maxBytes: 64);
        var city = reader.String(c, "city", required: true, maxBytes: 64);
        var area = reader.String(c, "area", required: true, maxBytes: 64);
        var address = reader.String(c, "address", required: true, maxBytes: 512);
        if (string.IsNullOrEmpty(tel) && string.IsNullOrEmpty(mobile))
        {
            reader.FailFormat();
        }

        var phone = string.IsNullOrEmpty(mobile) ? tel : mobile;
        return new OrderContact(name ?? string.Empty, phone ?? string.Empty, company ?? string.Empty,
            province ?? string.Empty, city ?? string.Empty, area ?? string.Empty, address ?? string.Empty);
    }

    private static List<string>? ReadCargo(BodyReader reader, JsonElement? cargo)
    {
        if (cargo is not { } c)
        {
            return null;
        }

        reader.Integer(c, "count", required: true);
        reader.Number(c, "weight", required: true);
        reader.Number(c, "space_x", required: true);
        reader.Number(c, "space_y", required: true);
        reader.Number(c, "space_z", required: true);
        var names = new List<string>();
        if (reader.Array(c, "detail_list", required: true) is { } details)
        {
            foreach (var detail in details.EnumerateArray())
            {
                if (detail.ValueKind != JsonValueKind.Object)
                {
                    reader.FailFormat();
                    continue;
                }

                names.Add(reader.String(detail, "name", required: true, maxBytes: 128) ?? string.Empty);
                reader.Integer(detail, "count", required: true);
            }
        }

        return names;
    }

    private static bool ReadShop(BodyReader reader, JsonElement? shop)
    {
        if (shop is not { } s)
        {
            return true;
        }

        reader.String(s, "wxa_path", required: false);
        var imgUrl = reader.String(s, "img_url", required: false);
        var goodsName = reader.String(s, "goods_name", required: false);
        var goodsCount = reader.Integer(s, "goods_count", required: false);
        var describesItems = false;
        if (reader.Array(s, "detail_list", required: false) is { } details)
        {
            foreach (var detail in details.EnumerateArray())
            {
                if (detail.ValueKind != JsonValueKind.Object)
                {
                    reader.FailFormat();
                    continue;
                }

                var itemName = reader.String(detail, "goods_name", required: false);
                var itemImgUrl = reader.String(detail, "goods_img_url", required: false);
                var itemDesc = reader.String(detail, "goods_desc", required: false);
                describesItems |= !string.IsNullOrEmpty(itemName) || !string.IsNullOrEmpty(itemImgUrl) || !string.IsNullOrEmpty(itemDesc);
            }
        }

        // The goods described the older way (one picture, name and count), or item by item in detail_list as WeChat
        // staff's working example does (wxa_path and detail_list only).
        return (!string.IsNullOrEmpty(imgUrl) && !string.IsNullOrEmpty(goodsName) && goodsCount > 0) || describesItems;
    }

    private static void ReadInsured(BodyReader reader, JsonElement? insured)
    {
        if (insured is not { } i)
        {
            return;
        }

        if (reader.Integer(i, "use_insured", required: true) is not (0 or 1 or null))
        {
            reader.FailFormat();
        }

        reader.Integer(i, "insured_value", required: true);
    }

    private static (int ServiceType, string? ServiceName) ReadService(BodyReader reader, JsonElement? service)
    {
        if (service is not { } s)
        {
            return (0, null);
        }

        var serviceType = reader.Integer(s, "service_type", required: true);
        var serviceName = reader.String(s, "service_name", required: true);
        if (serviceType is < int.MinValue or > int.MaxValue)
        {
            reader.FailFormat();
        }

        return ((int)(serviceType ?? 0), serviceName);
    }
}
