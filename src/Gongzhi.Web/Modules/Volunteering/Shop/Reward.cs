using System.Security.Cryptography;

namespace Gongzhi.Web.Modules.Volunteering.Shop;

// A reward of the points supermarket (积分兑换超市). Stock moves only through conditional updates
// (Stock > 0), and a CHECK constraint refuses a negative stock outright.
public sealed class Reward
{
    private Reward() { } // for EF

    public Reward(long communityId, string name, string? description, int price, int stock, DateTime now)
    {
        CommunityId = communityId;
        CreatedAt = now;
        Change(name, description, price, true);
        Stock = Guard.Range(stock, 0, 100_000, "Stock");
    }

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public int Price { get; private set; }
    public int Stock { get; private set; }
    public bool Active { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string? CoverName { get; private set; }
    public string? CoverType { get; private set; }
    public int Version { get; private set; }

    // Sets or clears the cover picture; returns the stored name it replaced (deleted once this is saved). A new
    // version, so of two replacements at once only one saves: the other would delete the file the first replaced,
    // not the one the first stored, and leave that one on disk with no row pointing at it.
    public string? SetCover(Requests.Photos.StoredPhoto? photo)
    {
        var old = CoverName;
        (CoverName, CoverType) = (photo?.StoredName, photo?.ContentType);
        Version++;
        return old;
    }

    // Staff change what the shelf shows; stock moves only by restocking and redemptions (atomic updates of their own).
    public void Edit(string name, string? description, int price, bool active, int version)
    {
        if (version != Version) throw new ConcurrencyConflict();
        Change(name, description, price, active);
        Version++;
    }

    private void Change(string name, string? description, int price, bool active)
    {
        Name = Guard.Text(name, 40, "Name");
        Description = Guard.OptionalText(description, 200, "Description");
        Price = Guard.Range(price, 1, 100_000, "Price");
        Active = active;
    }
}

public enum RedemptionStatus { AwaitingPickup = 0, Collected = 1, Cancelled = 2 }

public sealed class Redemption
{
    private Redemption() { } // for EF

    public Redemption(long rewardId, long volunteerId, int price, string idempotencyKey, DateTime now)
    {
        RewardId = rewardId;
        VolunteerId = volunteerId;
        Price = price;
        IdempotencyKey = idempotencyKey;
        PickupCode = NewCode();
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long RewardId { get; private set; }
    public long VolunteerId { get; private set; }
    public int Price { get; private set; }
    public string IdempotencyKey { get; private set; } = "";
    public string PickupCode { get; private set; } = "";
    public RedemptionStatus Status { get; private set; }
    public long? TransactionId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public string? ClosedByUserId { get; private set; }
    public int Version { get; private set; }

    public void Posted(long transactionId) => TransactionId = transactionId;

    public void Collect(string byUserId, DateTime now)
    {
        if (Status != RedemptionStatus.AwaitingPickup) throw new ValidationFailure("Status", "Volunteering.Error.NotAwaitingPickup");
        Status = RedemptionStatus.Collected;
        Version++;
        ClosedByUserId = byUserId;
        ClosedAt = now;
    }

    public void Cancel(string byUserId, DateTime now)
    {
        if (Status != RedemptionStatus.AwaitingPickup) throw new ValidationFailure("Status", "Volunteering.Error.NotAwaitingPickup");
        Status = RedemptionStatus.Cancelled;
        Version++;
        ClosedByUserId = byUserId;
        ClosedAt = now;
    }

    // 8 digits, easy to read out at the counter; unique among all redemptions (index).
    private static string NewCode() => RandomNumberGenerator.GetInt32(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
