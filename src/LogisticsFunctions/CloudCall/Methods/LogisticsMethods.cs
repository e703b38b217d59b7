using LogisticsFunctions.CloudCall.Schema;

namespace LogisticsFunctions.CloudCall.Methods;

/// <summary>
/// The twelve methods of <c>openapi.logistics</c> (WeChat's express API for businesses, 物流助手), one
/// file each. Facts: developers.weixin.qq.com, pages under miniprogram/dev/OpenApiDoc/express/express-by-business/.
/// </summary>
public static partial class LogisticsMethods
{
    /// <summary>Every method, in the order docs/contract.md and the OpenAPI document list them.</summary>
    // Built on first use, not in a static initializer: the methods live in other files of this partial
    // class, and the order in which their initializers run is not defined across files.
    public static IReadOnlyList<CloudCallMethod> All => field ??=
    [
        GetAllDelivery, GetAllAccount, BindAccount, GetPrinter, UpdatePrinter, GetQuota,
        AddOrder, BatchGetOrder, CancelOrder, GetOrder, TestUpdateOrder, GetPath,
    ];

    private const string Prefix = "cgi-bin/express/business/";

    // The limits WeChat documents for ids: order_id at most 512 bytes; the others are generous bounds.
    private const int OrderIdBytes = 512;
    private const int IdBytes = 128;

    private static StringField OrderId() => new("The order's id in your system, unique across the mini-program.", OrderIdBytes);

    private static StringField DeliveryId() => new("The courier's id, as getAllDelivery lists it (e.g. SF).", 64);

    private static StringField WaybillId() => new("The waybill number.", IdBytes);

    private static StringField Openid() => new("The user's openid.", IdBytes);

    private static StringField BizId() => new("The courier account's id (biz_id), as getAllAccount lists it.", IdBytes);

    private static ObjectSchema NoParameters() => new("This method takes no parameters: send an empty body or {}.", []);

    private static ObjectSchema Answer(string description, params Member[] properties) => new(description, properties) { IsOpen = true };

    private static Member Required(string wireName, FieldSchema schema) => new(wireName, schema, required: true);

    private static Member Optional(string wireName, FieldSchema schema) => new(wireName, schema, required: false);

    // A member of an answer. WeChat writes answers, so nothing in one is bounded: a label's print_html runs to tens of
    // kilobytes, a quota or a courier's code may pass 32 bits, and a client or gateway that validates answers against
    // the document must never refuse a real one.
    private static Member Out(string wireName, FieldSchema schema) => new(wireName, Unbounded(schema), required: false);

    private static FieldSchema Unbounded(FieldSchema schema) => schema switch
    {
        StringField text => new StringField(text.Description, maxBytes: null, identifier: false),
        IntegerField number => Int(number.Description),
        ArrayField list => new ArrayField(list.Description, Unbounded(list.Items), 0, maxItems: null),
        _ => schema,
    };

    private static StringField Text(string description) => new(description, maxBytes: null, identifier: false);

    private static IntegerField Int(string description) => new(description, long.MinValue, long.MaxValue);

    // Seconds since 1970: past 32 bits in 2038 (the OpenAPI document says int64 for it).
    private static IntegerField UnixTime(string description) => new(description, 0, uint.MaxValue);

    private static ArrayField List(string description, FieldSchema items) => new(description, items, 0, maxItems: null);

    private static ObjectSchema WaybillDataItem() => Answer(
        "One line of the label's data.",
        Out("key", Text("The line's label.")),
        Out("value", Text("The line's value.")));

    private static ObjectSchema ServiceType() => Answer(
        "A service the courier offers.",
        Out("service_type", Int("The service's code, for addOrder's service.serviceType.")),
        Out("service_name", Text("The service's name.")));
}
