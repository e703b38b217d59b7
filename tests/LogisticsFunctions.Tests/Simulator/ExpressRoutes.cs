using LogisticsFunctions.WeChatSimulator;

namespace LogisticsFunctions.Tests.Simulator;

/// <summary>The express family's paths and methods, written out from WeChat's documentation (not read from the simulator).</summary>
internal static class ExpressRoutes
{
    public const string PathGet = "cgi-bin/express/business/path/get";
    public const string DeliveryGetAll = "cgi-bin/express/business/delivery/getall";
    public const string AccountGetAll = "cgi-bin/express/business/account/getall";
    public const string PrinterGetAll = "cgi-bin/express/business/printer/getall";
    public const string QuotaGet = "cgi-bin/express/business/quota/get";
    public const string OrderGet = "cgi-bin/express/business/order/get";
    public const string OrderBatchGet = "cgi-bin/express/business/order/batchget";
    public const string OrderAdd = "cgi-bin/express/business/order/add";
    public const string OrderCancel = "cgi-bin/express/business/order/cancel";
    public const string AccountBind = "cgi-bin/express/business/account/bind";
    public const string PrinterUpdate = "cgi-bin/express/business/printer/update";
    public const string TestUpdateOrder = "cgi-bin/express/business/test_update_order";

    /// <summary>Every endpoint of the family, for theories.</summary>
    public static TheoryData<SimulatorEndpoint> All { get; } =
    [
        SimulatorEndpoint.PathGet,
        SimulatorEndpoint.DeliveryGetAll,
        SimulatorEndpoint.AccountGetAll,
        SimulatorEndpoint.PrinterGetAll,
        SimulatorEndpoint.QuotaGet,
        SimulatorEndpoint.OrderGet,
        SimulatorEndpoint.OrderBatchGet,
        SimulatorEndpoint.OrderAdd,
        SimulatorEndpoint.OrderCancel,
        SimulatorEndpoint.AccountBind,
        SimulatorEndpoint.PrinterUpdate,
        SimulatorEndpoint.TestUpdateOrder,
    ];

    public static string PathOf(SimulatorEndpoint endpoint) => endpoint switch
    {
        SimulatorEndpoint.PathGet => PathGet,
        SimulatorEndpoint.DeliveryGetAll => DeliveryGetAll,
        SimulatorEndpoint.AccountGetAll => AccountGetAll,
        SimulatorEndpoint.PrinterGetAll => PrinterGetAll,
        SimulatorEndpoint.QuotaGet => QuotaGet,
        SimulatorEndpoint.OrderGet => OrderGet,
        SimulatorEndpoint.OrderBatchGet => OrderBatchGet,
        SimulatorEndpoint.OrderAdd => OrderAdd,
        SimulatorEndpoint.OrderCancel => OrderCancel,
        SimulatorEndpoint.AccountBind => AccountBind,
        SimulatorEndpoint.PrinterUpdate => PrinterUpdate,
        SimulatorEndpoint.TestUpdateOrder => TestUpdateOrder,
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
    };

    public static bool IsGet(SimulatorEndpoint endpoint) =>
        endpoint is SimulatorEndpoint.DeliveryGetAll or SimulatorEndpoint.AccountGetAll or SimulatorEndpoint.PrinterGetAll;
}
