namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// The couriers every express method knows, and the waybills path/get answers for besides those addOrder creates. The
/// first waybill is the official example from the logistics.getPath page, byte for byte; the others are realistic tracks
/// covering every stage, including failed signing, cancellation, a held parcel and a waybill with no nodes yet. Phone
/// numbers are masked the way couriers print them.
/// </summary>
public static class TrackingData
{
    // Chinese couriers stamp their tracks in Beijing time.
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    /// <summary>
    /// The courier companies getAllDelivery lists and every method accepts as <c>delivery_id</c>; any other answers 9300503.
    /// Franchise couriers (ZTO, YTO, YD) sell waybill quotas; direct ones (SF, JD, EMS) bill monthly; SF also takes cash
    /// orders. <c>TEST</c> is WeChat's test courier, whose waybills only testUpdateOrder moves.
    /// </summary>
    public static IReadOnlyList<SimulatedCourier> Couriers { get; } =
    [
        new("SF", "顺丰速运", CanUseCash: true, CanGetQuota: false, CashBizId: "SF_CASH",
        [
            new(0, "标准快递"),
            new(1, "顺丰即日"),
            new(2, "顺丰次晨"),
            new(3, "顺丰标快"),
            new(4, "顺丰标快（陆运）"),
        ]),
        new("ZTO", "中通快递", CanUseCash: false, CanGetQuota: true, CashBizId: string.Empty, [new(0, "标准快件")]),
        new("YTO", "圆通速递", CanUseCash: false, CanGetQuota: true, CashBizId: string.Empty, [new(0, "普通快递"), new(1, "圆准达")]),
        new("YD", "韵达速递", CanUseCash: false, CanGetQuota: true, CashBizId: string.Empty, [new(0, "标准快件")]),
        new("JD", "京东物流", CanUseCash: false, CanGetQuota: false, CashBizId: string.Empty, [new(0, "特惠送"), new(1, "特快送")]),
        new("EMS", "中国邮政速递物流", CanUseCash: false, CanGetQuota: false, CashBizId: string.Empty, [new(6, "标准快递"), new(9, "快递包裹")]),
        new(MagicValues.TestDeliveryId, "测试快递公司", CanUseCash: false, CanGetQuota: false, CashBizId: string.Empty, [new(0, "标准快递")]),
    ];

    /// <summary>The official example: <c>SF</c> / <c>12345678901234567890</c>, three nodes, ASCII commas as in the doc.</summary>
    public static SimulatedWaybill SeedExample { get; } = new("SF", "12345678901234567890",
    [
        new(1533052800, 100001, "快递员已成功取件"),
        new(1533062800, 200001, "快件已到达xxx集散中心,准备发往xxx"),
        new(1533072800, 300001, "快递员已出发,联系电话xxxxxx"),
    ]);

    /// <summary>Every waybill path/get can answer for; any other answers 40199.</summary>
    public static IReadOnlyList<SimulatedWaybill> Waybills { get; } =
    [
        SeedExample,

        // Delivered: the full happy path from courier assignment to signature.
        new("SF", "SF1402376948231",
        [
            new(At(2024, 3, 11, 9, 15), 100003, "已为您分配快递员王师傅（电话138****5678），将上门取件"),
            new(At(2024, 3, 11, 10, 2), 100001, "顺丰速运 已收取快件【深圳南山科技园营业点】"),
            new(At(2024, 3, 11, 18, 40), 200001, "快件已到达【深圳华南集散中心】"),
            new(At(2024, 3, 11, 23, 55), 200001, "快件已从【深圳华南集散中心】发出，准备发往【上海华东集散中心】"),
            new(At(2024, 3, 12, 6, 20), 200001, "快件已到达【上海华东集散中心】"),
            new(At(2024, 3, 12, 8, 45), 300002, "快件交给快递员刘师傅（电话139****4321），正在派送途中"),
            new(At(2024, 3, 12, 11, 30), 300003, "快件已签收，签收人：本人。感谢使用顺丰，期待再次为您服务"),
        ]),

        // Still moving: nothing after the transport stage yet.
        new("ZTO", "78312345678901",
        [
            new(At(2024, 5, 20, 16, 8), 100001, "【杭州市】中通快递 杭州余杭 的业务员【陈师傅】已揽收"),
            new(At(2024, 5, 20, 21, 33), 200001, "快件已发往【杭州转运中心】"),
            new(At(2024, 5, 21, 1, 12), 200001, "快件已到达【杭州转运中心】"),
            new(At(2024, 5, 21, 3, 47), 200001, "快件已从【杭州转运中心】发出，下一站【北京转运中心】"),
        ]),

        // Registered with WeChat but not yet collected: a valid answer with no nodes.
        new("ZTO", "78300000000000", []),

        // Signing failed, to be delivered again.
        new("YTO", "YT8812345678901",
        [
            new(At(2024, 6, 3, 14, 26), 100001, "【广东省广州市白云区公司】已揽收"),
            new(At(2024, 6, 3, 22, 10), 200001, "快件已到达【广州转运中心】"),
            new(At(2024, 6, 4, 2, 35), 200001, "快件离开【广州转运中心】，已发往【成都转运中心】"),
            new(At(2024, 6, 5, 19, 5), 200001, "快件已到达【成都转运中心】"),
            new(At(2024, 6, 6, 8, 50), 300002, "【四川省成都市武侯区公司】派件员：赵师傅 电话：137****2468 正在为您派件"),
            new(At(2024, 6, 6, 17, 42), 300004, "快件签收失败，原因：收件人电话无人接听，快件将于次日再次派送"),
        ]),

        // Cancelled before pick-up.
        new("YD", "4312345678901",
        [
            new(At(2024, 7, 8, 10, 0), 100003, "已为您分配快递员孙师傅，电话136****1357，请保持电话畅通"),
            new(At(2024, 7, 8, 12, 18), 100002, "揽收失败，原因：寄件人联系不上"),
            new(At(2024, 7, 8, 12, 31), 400001, "寄件人已取消订单"),
        ]),

        // Next-day delivery, signed.
        new("JD", "JDVA12345678901",
        [
            new(At(2024, 8, 15, 19, 22), 100001, "您的快件已由京东快递员揽收"),
            new(At(2024, 8, 15, 23, 48), 200001, "您的快件已到达【北京亦庄分拣中心】"),
            new(At(2024, 8, 16, 4, 16), 200001, "您的快件已从【北京亦庄分拣中心】发出，正在发往【北京朝阳营业部】"),
            new(At(2024, 8, 16, 8, 3), 300002, "您的快件正在派送中，请您准备签收（快递员：周师傅，联系电话：135****9753）"),
            new(At(2024, 8, 16, 10, 27), 300003, "您的快件已签收，签收人：家门口。感谢您使用京东物流"),
        ]),

        // Held on the way.
        new("EMS", "1151234567890",
        [
            new(At(2024, 1, 9, 15, 40), 100001, "【上海市邮政速递物流浦东揽投部】已收寄，揽投员：吴师傅"),
            new(At(2024, 1, 10, 3, 25), 200001, "快件离开【上海邮区中心】，正在发往【乌鲁木齐邮区中心】"),
            new(At(2024, 1, 12, 20, 14), 200001, "快件到达【乌鲁木齐邮区中心】"),
            new(At(2024, 1, 13, 9, 0), 400002, "快件滞留：因天气原因派送延误，将尽快为您派送"),
        ]),
    ];

    internal static SimulatedCourier? FindCourier(string deliveryId) =>
        Couriers.FirstOrDefault(courier => courier.DeliveryId == deliveryId);

    internal static SimulatedWaybill? Find(string deliveryId, string waybillId) =>
        Waybills.FirstOrDefault(waybill => waybill.DeliveryId == deliveryId && waybill.WaybillId == waybillId);

    private static long At(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, ChinaStandardTime).ToUnixTimeSeconds();
}
