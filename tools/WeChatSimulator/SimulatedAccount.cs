namespace LogisticsFunctions.WeChatSimulator;

/// <summary>A courier account bound to the mini program when a simulator starts, as getAllAccount lists it.</summary>
/// <param name="DeliveryId">The courier.</param>
/// <param name="BizId">The account (customer code or monthly-settlement account) at that courier.</param>
/// <param name="Alias">The merchant's name for it.</param>
/// <param name="StatusCode">0 bound, 1 under review, 2 binding failed; only 0 can place orders.</param>
/// <param name="RemarkWrongMsg">Why a failed binding failed.</param>
/// <param name="QuotaNum">Waybills left, for couriers that sell quotas; 0 for the others.</param>
/// <param name="BoundAt">Unix seconds of the binding (<c>create_time</c>).</param>
public sealed record SimulatedAccount(
    string DeliveryId,
    string BizId,
    string Alias,
    int StatusCode,
    string RemarkWrongMsg,
    int QuotaNum,
    long BoundAt);
