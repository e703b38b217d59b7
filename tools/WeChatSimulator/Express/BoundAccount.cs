namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>A courier account as getAllAccount lists it; replaced, never changed, so a copy can be written outside the lock.</summary>
internal sealed record BoundAccount(
    string DeliveryId,
    string BizId,
    long CreateTime,
    long UpdateTime,
    int StatusCode,
    string Alias,
    string RemarkWrongMsg,
    string RemarkContent,
    int QuotaNum,
    long QuotaUpdateTime)
{
    // status_code values; 2 (binding failed) only comes from the sample data, and such an account may be bound again.
    public const int Bound = 0;
    public const int UnderReview = 1;

    public static BoundAccount From(SimulatedAccount sample) => new(
        sample.DeliveryId,
        sample.BizId,
        sample.BoundAt,
        sample.BoundAt,
        sample.StatusCode,
        sample.Alias,
        sample.RemarkWrongMsg,
        string.Empty,
        sample.QuotaNum,
        sample.BoundAt);
}
