namespace LogisticsFunctions.WeChatSimulator.Express;

/// <summary>
/// The courier accounts bound to the mini program and their waybill quotas, starting from <see cref="SampleData.Accounts"/>.
/// One lock keeps binding, unbinding and using up quota consistent under concurrent calls.
/// </summary>
internal sealed class AccountBook(TimeProvider timeProvider)
{
    private readonly Lock gate = new();
    private readonly List<BoundAccount> accounts = [.. SampleData.Accounts.Select(BoundAccount.From)];

    /// <summary>Every account, in the order they were bound.</summary>
    public IReadOnlyList<BoundAccount> List()
    {
        lock (gate)
        {
            return [.. accounts];
        }
    }

    /// <summary>getQuota: waybills left on a bound account of a courier that sells them.</summary>
    public WeChatError? TryGetQuota(string deliveryId, string bizId, out int quotaNum)
    {
        quotaNum = 0;
        if (TrackingData.FindCourier(deliveryId) is not { } courier)
        {
            return ExpressErrors.UnknownDelivery;
        }

        if (!courier.CanGetQuota)
        {
            return ExpressErrors.NoQuotaConcept;
        }

        lock (gate)
        {
            if (FindBound(deliveryId, bizId) is not { } account)
            {
                return ExpressErrors.BizIdNotBound;
            }

            quotaNum = account.QuotaNum;
            return null;
        }
    }

    /// <summary>Whether <paramref name="bizId"/> may place an order with <paramref name="courier"/>: bound, or its cash account.</summary>
    public bool CanOrder(SimulatedCourier courier, string bizId)
    {
        if (courier.CanUseCash && bizId == courier.CashBizId)
        {
            return true;
        }

        lock (gate)
        {
            return FindBound(courier.DeliveryId, bizId) is not null;
        }
    }

    /// <summary>Takes one waybill from the account's quota when the courier sells quotas; 9300513 when none is left.</summary>
    public WeChatError? TryUseQuota(SimulatedCourier courier, string bizId)
    {
        if (!courier.CanGetQuota)
        {
            return null;
        }

        lock (gate)
        {
            var index = accounts.FindIndex(account => Matches(account, courier.DeliveryId, bizId) && account.StatusCode == BoundAccount.Bound);
            if (index < 0)
            {
                return ExpressErrors.BizIdNotBound;
            }

            if (accounts[index].QuotaNum <= 0)
            {
                return ExpressErrors.OutOfQuota;
            }

            accounts[index] = accounts[index] with { QuotaNum = accounts[index].QuotaNum - 1, QuotaUpdateTime = Now() };
            return null;
        }
    }

    /// <summary>
    /// bindAccount with type bind: <see cref="MagicValues.WrongPassword"/> is refused, <see cref="MagicValues.ReviewingDeliveryId"/>
    /// goes under review, anything else is bound at once (a failed binding may be tried again).
    /// </summary>
    public WeChatError? Bind(string deliveryId, string bizId, string? password, string? remarkContent)
    {
        if (TrackingData.FindCourier(deliveryId) is not { } courier)
        {
            return ExpressErrors.UnknownDelivery;
        }

        lock (gate)
        {
            var index = accounts.FindIndex(account => Matches(account, deliveryId, bizId));
            if (index >= 0 && accounts[index].StatusCode == BoundAccount.Bound)
            {
                return ExpressErrors.AlreadyBound;
            }

            if (index >= 0 && accounts[index].StatusCode == BoundAccount.UnderReview)
            {
                return ExpressErrors.UnderReview;
            }

            if (password == MagicValues.WrongPassword)
            {
                return ExpressErrors.WrongPassword;
            }

            var reviewed = deliveryId == MagicValues.ReviewingDeliveryId;
            var now = Now();
            var account = new BoundAccount(
                deliveryId,
                bizId,
                now,
                now,
                reviewed ? BoundAccount.UnderReview : BoundAccount.Bound,
                Alias: string.Empty,
                RemarkWrongMsg: string.Empty,
                RemarkContent: remarkContent ?? string.Empty,
                QuotaNum: courier.CanGetQuota ? SampleData.NewAccountQuota : 0,
                QuotaUpdateTime: now);
            if (index >= 0)
            {
                accounts.RemoveAt(index);
            }

            accounts.Add(account);
            return reviewed ? ExpressErrors.UnderReview : null;
        }
    }

    /// <summary>bindAccount with type unbind: 9300530 when there is no such account.</summary>
    public WeChatError? Unbind(string deliveryId, string bizId)
    {
        if (TrackingData.FindCourier(deliveryId) is null)
        {
            return ExpressErrors.UnknownDelivery;
        }

        lock (gate)
        {
            return accounts.RemoveAll(account => Matches(account, deliveryId, bizId)) == 0 ? ExpressErrors.NotBound : null;
        }
    }

    private BoundAccount? FindBound(string deliveryId, string bizId) =>
        accounts.Find(account => Matches(account, deliveryId, bizId) && account.StatusCode == BoundAccount.Bound);

    private static bool Matches(BoundAccount account, string deliveryId, string bizId) =>
        account.DeliveryId == deliveryId && account.BizId == bizId;

    private long Now() => timeProvider.GetUtcNow().ToUnixTimeSeconds();
}
