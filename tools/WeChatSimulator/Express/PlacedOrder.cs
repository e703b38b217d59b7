namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// An order addOrder accepted, with its waybill and its trace so far; replaced, never changed, so a copy can be written
/// outside the lock.
/// </summary>
/// <param name="OrderId">The caller's id, unique in the mini program.</param>
/// <param name="Openid">The user the order is for; empty for App/H5 orders (add_source 2).</param>
/// <param name="DeliveryId">The courier.</param>
/// <param name="BizId">The account it was placed with.</param>
/// <param name="WaybillId">The waybill the courier issued.</param>
/// <param name="WaybillData">The courier's routing data for the label (<c>waybill_data</c>).</param>
/// <param name="Label">What the label prints.</param>
/// <param name="OrderStatus">0 normal, 1 cancelled.</param>
/// <param name="Path">Trace points testUpdateOrder added, oldest first.</param>
/// <param name="Version">The trace's version for pushes: how many times testUpdateOrder changed it.</param>
internal sealed record PlacedOrder(
    string OrderId,
    string Openid,
    string DeliveryId,
    string BizId,
    string WaybillId,
    IReadOnlyList<KeyValuePair<string, string>> WaybillData,
    WaybillLabel Label,
    int OrderStatus,
    IReadOnlyList<SimulatedPathItem> Path,
    int Version)
{
    public const int Normal = 0;
    public const int Cancelled = 1;
}
