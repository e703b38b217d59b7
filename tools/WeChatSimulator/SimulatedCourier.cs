namespace LogisticsFunctions.WeChatSimulator;

/// <summary>A courier company as getAllDelivery lists it; its <c>delivery_id</c> is what every other method expects.</summary>
/// <param name="DeliveryId">WeChat's id for the courier, e.g. <c>SF</c>.</param>
/// <param name="Name">The courier's Chinese name (<c>delivery_name</c>).</param>
/// <param name="CanUseCash">Whether orders may be paid on the spot (散单) with <paramref name="CashBizId"/> instead of a bound account.</param>
/// <param name="CanGetQuota">Whether the courier sells waybill quotas (franchise couriers): getQuota works and addOrder uses one up.</param>
/// <param name="CashBizId">The <c>biz_id</c> for cash orders when <paramref name="CanUseCash"/>; empty otherwise.</param>
/// <param name="ServiceTypes">The services addOrder accepts for this courier.</param>
public sealed record SimulatedCourier(
    string DeliveryId,
    string Name,
    bool CanUseCash,
    bool CanGetQuota,
    string CashBizId,
    IReadOnlyList<SimulatedServiceType> ServiceTypes);
