namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// The simulated WeChat endpoints a fault can be aimed at and whose calls are counted. The express family's members are
/// named after their path under <c>/cgi-bin/express/business/</c>.
/// </summary>
public enum SimulatorEndpoint
{
    /// <summary><c>POST /cgi-bin/stable_token</c>.</summary>
    StableToken,

    /// <summary><c>POST /cgi-bin/express/business/path/get</c> (getPath).</summary>
    PathGet,

    /// <summary><c>GET /cgi-bin/express/business/delivery/getall</c> (getAllDelivery).</summary>
    DeliveryGetAll,

    /// <summary><c>GET /cgi-bin/express/business/account/getall</c> (getAllAccount).</summary>
    AccountGetAll,

    /// <summary><c>GET /cgi-bin/express/business/printer/getall</c> (getPrinter).</summary>
    PrinterGetAll,

    /// <summary><c>POST /cgi-bin/express/business/quota/get</c> (getQuota).</summary>
    QuotaGet,

    /// <summary><c>POST /cgi-bin/express/business/order/get</c> (getOrder).</summary>
    OrderGet,

    /// <summary><c>POST /cgi-bin/express/business/order/batchget</c> (batchGetOrder).</summary>
    OrderBatchGet,

    /// <summary><c>POST /cgi-bin/express/business/order/add</c> (addOrder).</summary>
    OrderAdd,

    /// <summary><c>POST /cgi-bin/express/business/order/cancel</c> (cancelOrder).</summary>
    OrderCancel,

    /// <summary><c>POST /cgi-bin/express/business/account/bind</c> (bindAccount).</summary>
    AccountBind,

    /// <summary><c>POST /cgi-bin/express/business/printer/update</c> (updatePrinter).</summary>
    PrinterUpdate,

    /// <summary><c>POST /cgi-bin/express/business/test_update_order</c> (testUpdateOrder).</summary>
    TestUpdateOrder,

    /// <summary><c>POST /backend/webhook</c>: not WeChat but the mini-program's backend, receiving the app's webhooks.</summary>
    Webhook,
}
