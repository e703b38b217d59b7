namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// The orders addOrder created. One lock serialises changes to orders (so a repeated order_id is caught however the
/// calls interleave); quota is taken from the account book inside it, always in that order, so the two locks never
/// deadlock.
/// </summary>
internal sealed class OrderBook(AccountBook accounts, string appId)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, PlacedOrder> orders = new(StringComparer.Ordinal);
    private readonly Dictionary<(string DeliveryId, string WaybillId), string> orderIdsByWaybill = [];
    private readonly WaybillIssuer issuer = new();

    /// <summary>
    /// addOrder's rules after the body passed: App orders' wx_appid, the courier, the account, the service, the shop, a
    /// repeated order_id, the courier's own refusal, the quota; then the courier issues a waybill.
    /// </summary>
    public WeChatError? TryAdd(OrderAddRequest request, out PlacedOrder? order)
    {
        order = null;
        if (request.AddSource == OrderAddRequest.AppOrder && string.IsNullOrEmpty(request.WxAppId))
        {
            return ExpressErrors.InvalidWxAppId;
        }

        if (request.AddSource == OrderAddRequest.AppOrder && request.WxAppId != appId)
        {
            return ExpressErrors.AppIdNotSameBody;
        }

        if (TrackingData.FindCourier(request.DeliveryId) is not { } courier)
        {
            return ExpressErrors.UnknownDelivery;
        }

        if (!accounts.CanOrder(courier, request.BizId))
        {
            return ExpressErrors.BizIdNotBound;
        }

        if (courier.ServiceTypes.FirstOrDefault(service => service.ServiceType == request.ServiceType) is not { } service)
        {
            return ExpressErrors.InvalidServiceType;
        }

        if (!request.ShopIsValid)
        {
            return ExpressErrors.InvalidShop;
        }

        lock (gate)
        {
            if (orders.TryGetValue(request.OrderId, out var existing))
            {
                return existing.OrderStatus == PlacedOrder.Cancelled ? ExpressErrors.OrderIdUsed : ExpressErrors.OrderIdRepeated;
            }

            if (request.DeliveryId == MagicValues.PasswordChangedDeliveryId && request.BizId == MagicValues.PasswordChangedBizId)
            {
                return ExpressErrors.DeliveryLogic(MagicValues.PasswordChangedResultCode, MagicValues.PasswordChangedResultMsg);
            }

            if (request.BizId != courier.CashBizId && accounts.TryUseQuota(courier, request.BizId) is { } quotaFailure)
            {
                return quotaFailure;
            }

            var waybillId = issuer.Issue(courier.DeliveryId);
            var label = new WaybillLabel(courier.Name, service.ServiceName, request.Sender, request.Receiver, request.CargoNames, request.CustomRemark);
            order = new PlacedOrder(
                request.OrderId,
                request.Openid,
                courier.DeliveryId,
                request.BizId,
                waybillId,
                WaybillIssuer.DataFor(courier.DeliveryId, request.Receiver),
                label,
                PlacedOrder.Normal,
                Path: [],
                Version: 0);
            orders.Add(order.OrderId, order);
            orderIdsByWaybill.Add((order.DeliveryId, order.WaybillId), order.OrderId);
            return null;
        }
    }

    /// <summary>The order with this id and courier (and waybill, when given), as getOrder and batchGetOrder look it up.</summary>
    public PlacedOrder? Find(string orderId, string deliveryId, string? waybillId)
    {
        lock (gate)
        {
            return FindLocked(orderId, deliveryId, waybillId);
        }
    }

    /// <summary>An order's waybill with its trace, for path/get.</summary>
    public SimulatedWaybill? FindWaybill(string deliveryId, string waybillId)
    {
        lock (gate)
        {
            return orderIdsByWaybill.TryGetValue((deliveryId, waybillId), out var orderId)
                ? new SimulatedWaybill(deliveryId, waybillId, orders[orderId].Path)
                : null;
        }
    }

    /// <summary>cancelOrder: 9300524 when already cancelled, 9300506 once the waybill has a trace.</summary>
    public WeChatError? TryCancel(string orderId, string deliveryId, string waybillId)
    {
        lock (gate)
        {
            if (FindLocked(orderId, deliveryId, waybillId) is not { } order)
            {
                return ExpressErrors.OrderNotFound;
            }

            if (order.OrderStatus == PlacedOrder.Cancelled)
            {
                return ExpressErrors.AlreadyCancelled;
            }

            if (order.Path.Count > 0)
            {
                return ExpressErrors.CannotCancel;
            }

            orders[orderId] = order with { OrderStatus = PlacedOrder.Cancelled };
            return null;
        }
    }

    /// <summary>
    /// testUpdateOrder: appends a trace point to an order placed with the test courier and account, and raises the trace's
    /// version. Any other order, like an unknown one, is "order not exists", as WeChat answers.
    /// </summary>
    public WeChatError? TryAppendTrace(
        string bizId, string orderId, string deliveryId, string waybillId, SimulatedPathItem item, out PlacedOrder? updated)
    {
        updated = null;
        lock (gate)
        {
            if (bizId != MagicValues.TestBizId
                || deliveryId != MagicValues.TestDeliveryId
                || FindLocked(orderId, deliveryId, waybillId) is not { } order
                || order.BizId != MagicValues.TestBizId)
            {
                return ExpressErrors.OrderNotFound;
            }

            updated = order with { Path = [.. order.Path, item], Version = order.Version + 1 };
            orders[orderId] = updated;
            return null;
        }
    }

    private PlacedOrder? FindLocked(string orderId, string deliveryId, string? waybillId) =>
        orders.TryGetValue(orderId, out var order)
        && order.DeliveryId == deliveryId
        && (string.IsNullOrEmpty(waybillId) || order.WaybillId == waybillId)
            ? order
            : null;
}
