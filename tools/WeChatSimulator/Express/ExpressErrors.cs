namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// The express family's errors with WeChat's English errmsg. Codes and texts are WxJava's <c>WxOpenErrorMsgEnum</c>
/// (taken from WeChat's global return-code page) unless a comment says otherwise.
/// </summary>
internal static class ExpressErrors
{
    /// <summary>A body that is not JSON, a missing required field or a field of the wrong type.</summary>
    public static readonly WeChatError DataFormat = new(47001, "data format error");

    /// <summary>The misspelling is WeChat's own.</summary>
    public static readonly WeChatError UnknownDelivery = new(9300503, "Specified delivery id is not registerred");

    public static readonly WeChatError CannotCancel = new(9300506, "Order can't cancel");

    /// <summary>addOrder again with the order_id of a cancelled order.</summary>
    public static readonly WeChatError OrderIdUsed = new(9300508, "order id has been used");

    /// <summary>The addOrder page lists 9300510 for a service_type the courier does not offer.</summary>
    public static readonly WeChatError InvalidServiceType = new(9300510, "invalid service type");

    public static readonly WeChatError OutOfQuota = new(9300513, "out of quota");

    public static readonly WeChatError InvalidUpdateType = new(9300517, "invalid update_type, please use [bind] or [unbind]");

    /// <summary>addOrder again with the order_id of an order that still stands.</summary>
    public static readonly WeChatError OrderIdRepeated = new(9300522, "this orderid is repeated");

    public static readonly WeChatError AlreadyCancelled = new(9300524, "order already canceled");

    /// <summary>An account that is not bound (or not yet approved) for that courier.</summary>
    public static readonly WeChatError BizIdNotBound = new(9300525, "biz id not bind");

    public static readonly WeChatError FieldTooLong = new(9300526, "arg size exceed limit");

    public static readonly WeChatError NoQuotaConcept = new(9300527, "delivery does not support quota");

    public static readonly WeChatError AlreadyBound = new(9300529, "biz_id already binded");

    public static readonly WeChatError NotBound = new(9300530, "biz_id is not exist");

    public static readonly WeChatError WrongPassword = new(9300531, "invalid biz_id or password");

    public static readonly WeChatError UnderReview = new(9300532, "bind submit, and is checking");

    public static readonly WeChatError InvalidTagIdList = new(9300533, "invalid tagid_list");

    public static readonly WeChatError AppIdNotSameBody = new(9300534, "invalid appid, not same body");

    public static readonly WeChatError InvalidShop = new(9300535, "invalid shop arg");

    public static readonly WeChatError InvalidWxAppId = new(9300536, "invalid wxa_appid");

    /// <summary>
    /// An order WeChat does not have. Not in WxJava's list: the code and text are what WeChat answered testUpdateOrder for
    /// an order not placed with TEST/test_biz_id (WeChat developer community, "logistics.testUpdateOrder … 报错930563").
    /// The simulator uses it wherever an order is looked up.
    /// </summary>
    public static readonly WeChatError OrderNotFound = new(930563, "order not exists");

    /// <summary>The courier refused: WeChat's 9300501 with the courier's own code and message (the addOrder page's example).</summary>
    public static WeChatError DeliveryLogic(int deliveryResultcode, string deliveryResultmsg) =>
        new(9300501, "delivery logic fail", deliveryResultcode, deliveryResultmsg);
}
