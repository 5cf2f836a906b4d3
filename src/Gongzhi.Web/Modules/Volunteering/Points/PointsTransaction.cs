namespace Gongzhi.Web.Modules.Volunteering.Points;

public enum TransactionKind
{
    HoursAward = 0,     // confirmed service hours
    ActivityAward = 1,  // a bonus for the kind of activity
    HonourAward = 2,
    Discretionary = 3,  // a good deed, with a reason and an approver
    Redemption = 4,     // points supermarket
    MerchantSpend = 5,  // an alliance merchant's points-priced offer
    Reversal = 6,       // a correction or a cancellation: the mirror of an earlier transaction
    Expiry = 7,
    Settlement = 8,     // a merchant's month settled back to the pool
}

// A movement of points: one row here and two or more entries that sum to zero. Never updated,
// never deleted; a mistake is corrected by a reversing transaction (ReversesId), at most one each.
public sealed class PointsTransaction
{
    private PointsTransaction() { } // for EF

    public PointsTransaction(TransactionKind kind, string idempotencyKey, string memo, string? reason, string? createdByUserId,
        string? approvedByUserId, long? reversesId, DateTime now)
    {
        Kind = kind;
        IdempotencyKey = idempotencyKey;
        Memo = memo;
        Reason = reason;
        CreatedByUserId = createdByUserId;
        ApprovedByUserId = approvedByUserId;
        ReversesId = reversesId;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public TransactionKind Kind { get; private set; }
    public string IdempotencyKey { get; private set; } = "";
    public string Memo { get; private set; } = "";
    public string? Reason { get; private set; }
    public string? CreatedByUserId { get; private set; }
    public string? ApprovedByUserId { get; private set; }
    public long? ReversesId { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public static bool IsEarning(TransactionKind kind) =>
        kind is TransactionKind.HoursAward or TransactionKind.ActivityAward or TransactionKind.HonourAward or TransactionKind.Discretionary;
}

public sealed class PointsEntry
{
    private PointsEntry() { } // for EF

    public PointsEntry(long transactionId, long accountId, long amount, DateTime now)
    {
        TransactionId = transactionId;
        AccountId = accountId;
        Amount = amount;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long TransactionId { get; private set; }
    public long AccountId { get; private set; }
    public long Amount { get; private set; } // positive: into the account
    public DateTime CreatedAt { get; private set; }
}
