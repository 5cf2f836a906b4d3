namespace Gongzhi.Web.Modules.Volunteering.Points;

public enum AccountKind
{
    Pool = 0,      // the community's points pool: points are issued from it, so it alone may go below zero
    Volunteer = 1,
    Shop = 2,      // the community's points supermarket (积分兑换超市)
    Merchant = 3,  // an alliance merchant (爱心商户)
}

// One account of the ledger. Balance is a running total kept in the same database transaction as
// the entries that move it, and only through a conditional UPDATE (PointsLedger), so two spends
// racing each other cannot both pass; a CHECK constraint refuses a negative balance outright.
// A test recomputes every balance from the entries.
public sealed class PointsAccount
{
    private PointsAccount() { } // for EF

    public PointsAccount(AccountKind kind, string code, string name, long? communityId, long? volunteerId, long? merchantId, DateTime now)
    {
        Kind = kind;
        Code = code;
        Name = name;
        CommunityId = communityId;
        VolunteerId = volunteerId;
        MerchantId = merchantId;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public AccountKind Kind { get; private set; }
    // "pool:7", "shop:7", "volunteer:123", "merchant:4": one account per owner, kept by a unique index.
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public long? CommunityId { get; private set; }
    public long? VolunteerId { get; private set; }
    public long? MerchantId { get; private set; }
    public long Balance { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public static string PoolCode(long communityId) => $"pool:{communityId}";
    public static string ShopCode(long communityId) => $"shop:{communityId}";
    public static string VolunteerCode(long volunteerId) => $"volunteer:{volunteerId}";
    public static string MerchantCode(long merchantId) => $"merchant:{merchantId}";
}
