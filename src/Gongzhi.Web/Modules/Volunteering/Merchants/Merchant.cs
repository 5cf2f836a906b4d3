using System.Security.Cryptography;

namespace Gongzhi.Web.Modules.Volunteering.Merchants;

// 爱心商户: a shop of the A+ volunteer alliance, run from one merchant account.
public sealed class Merchant
{
    private Merchant() { } // for EF

    public Merchant(long communityId, string userId, string name, string? address, DateTime now)
    {
        CommunityId = communityId;
        UserId = userId;
        Name = Guard.Text(name, 40, "Name");
        Address = Guard.OptionalText(address, 100, "Address");
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string UserId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Address { get; private set; }
    public DateTime CreatedAt { get; private set; }
}

public enum OfferKind { Discount = 0, PointsItem = 1 }

public sealed class MerchantOffer
{
    private MerchantOffer() { } // for EF

    public MerchantOffer(long merchantId, OfferKind kind, string title, int points, DateTime now)
    {
        MerchantId = merchantId;
        Kind = kind;
        Title = Guard.Text(title, 60, "Title");
        Points = kind == OfferKind.PointsItem ? Guard.Range(points, 1, 100_000, "Points") : 0;
        Active = true;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long MerchantId { get; private set; }
    public OfferKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public int Points { get; private set; }
    public bool Active { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public void Withdraw() => Active = false;
}

// The one-time code a volunteer shows (as a QR) at the merchant's counter. Used once (UsedAt moves
// from null by a conditional update), and only until it expires.
public sealed class MerchantCode
{
    private MerchantCode() { } // for EF

    public MerchantCode(long offerId, long merchantId, long volunteerId, DateTime now, TimeSpan life)
    {
        OfferId = offerId;
        MerchantId = merchantId;
        VolunteerId = volunteerId;
        Code = Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        CreatedAt = now;
        ExpiresAt = now + life;
    }

    public long Id { get; private set; }
    public long OfferId { get; private set; }
    public long MerchantId { get; private set; }
    public long VolunteerId { get; private set; }
    public string Code { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? UsedAt { get; private set; }
    public long? TransactionId { get; private set; }

    public void Posted(long transactionId) => TransactionId = transactionId;
}
