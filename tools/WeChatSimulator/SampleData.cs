namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// What a fresh simulator's mini program has set up in 物流助手: the bound courier accounts and the printers. The couriers
/// themselves are <see cref="TrackingData.Couriers"/>. The first accounts are those of WeChat's own examples, so the
/// documented requests work as documented (addOrder with SF/<c>xyz</c>, getQuota for YTO/<c>xyz</c> answering 210).
/// </summary>
public static class SampleData
{
    // Chinese merchants bound their accounts in Beijing time.
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    /// <summary>Waybills a franchise courier grants an account bound while the simulator runs.</summary>
    public const int NewAccountQuota = 100;

    /// <summary>The accounts bound when the simulator starts, in getAllAccount's order.</summary>
    public static IReadOnlyList<SimulatedAccount> Accounts { get; } =
    [
        // The addOrder example's account: SF bills monthly, so there is no quota.
        new("SF", "xyz", "顺丰月结账号", 0, string.Empty, 0, At(2024, 1, 8, 10, 0)),

        // The getQuota example: YTO/xyz has 210 waybills left.
        new("YTO", "xyz", "圆通广州海珠网点", 0, string.Empty, 210, At(2024, 1, 8, 10, 5)),
        new(MagicValues.LowQuotaDeliveryId, MagicValues.LowQuotaBizId, "中通杭州余杭网点", 0, string.Empty, 2, At(2024, 2, 1, 9, 30)),
        new(MagicValues.PasswordChangedDeliveryId, MagicValues.PasswordChangedBizId, "韵达成都武侯网点", 0, string.Empty, 50, At(2024, 2, 20, 14, 0)),
        new("JD", "010K1234567", "京东月结账号", 0, string.Empty, 0, At(2024, 3, 1, 11, 0)),
        new("JD", "jd_bind_failed", "京东旧账号", 2, "客户编码与密码不匹配", 0, At(2024, 3, 1, 10, 40)),
        new(MagicValues.ReviewingDeliveryId, "ems_reviewing", "EMS上海浦东揽投部", 1, string.Empty, 0, At(2024, 3, 5, 16, 20)),
        new(MagicValues.TestDeliveryId, MagicValues.TestBizId, "测试账号", 0, string.Empty, 0, At(2024, 1, 8, 9, 0)),
    ];

    /// <summary>The printers bound when the simulator starts.</summary>
    public static IReadOnlyList<SimulatedPrinter> Printers { get; } =
    [
        new("o6_bmjrPTlm6_2sgVt7hMZOPfL2M", ["101"]),
    ];

    private static long At(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, ChinaStandardTime).ToUnixTimeSeconds();
}
