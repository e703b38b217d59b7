namespace LogisticsFunctions.WeChatSimulator;

/// <summary>
/// Request values that make the simulator take a path no ordinary request reaches, so every errcode of the express family
/// can be produced through a real request (from a test, a local run or the Functions app) without touching the
/// simulator's object. The accounts named here are in <see cref="SampleData.Accounts"/>.
/// </summary>
public static class MagicValues
{
    /// <summary>WeChat's test courier. Orders placed with it and <see cref="TestBizId"/> are the only ones testUpdateOrder finds.</summary>
    public const string TestDeliveryId = "TEST";

    /// <summary>WeChat's test account for <see cref="TestDeliveryId"/>; bound from the start.</summary>
    public const string TestBizId = "test_biz_id";

    /// <summary>bindAccount with this password answers 9300531 (invalid biz_id or password), as a courier does for a wrong one.</summary>
    public const string WrongPassword = "wrong-password";

    /// <summary>
    /// The courier that reviews bindings by hand: binding a new account of it answers 9300532 (submitted, under review),
    /// and getAllAccount lists the account with <c>status_code</c> 1 from then on. It can place no orders.
    /// </summary>
    public const string ReviewingDeliveryId = "EMS";

    /// <summary>The courier of <see cref="PasswordChangedBizId"/>.</summary>
    public const string PasswordChangedDeliveryId = "YD";

    /// <summary>
    /// A bound account whose password was since changed at the courier: addOrder with it answers 9300501 with the
    /// courier's own <see cref="PasswordChangedResultCode"/> and <see cref="PasswordChangedResultMsg"/> (the official
    /// example of a courier-side failure). For any other code and message, use <see cref="SimulatorFault.DeliveryError"/>.
    /// </summary>
    public const string PasswordChangedBizId = "yd_password_changed";

    /// <summary>The courier's <c>delivery_resultcode</c> for <see cref="PasswordChangedBizId"/>.</summary>
    public const int PasswordChangedResultCode = 10002;

    /// <summary>The courier's <c>delivery_resultmsg</c> for <see cref="PasswordChangedBizId"/>.</summary>
    public const string PasswordChangedResultMsg = "客户密码不正确";

    /// <summary>The courier of <see cref="LowQuotaBizId"/>.</summary>
    public const string LowQuotaDeliveryId = "ZTO";

    /// <summary>A bound account with two waybills left: the third addOrder with it answers 9300513 (out of quota).</summary>
    public const string LowQuotaBizId = "zto_low_quota";
}
