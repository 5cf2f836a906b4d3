namespace Gongzhi.Web.Modules.Care;

// 微心愿: a small wish of a care recipient, published by staff with the person masked, claimed by
// one volunteer, party member or merchant (first come), fulfilled, then confirmed by staff.
public sealed class Wish
{
    public const int TitleLength = 40;

    public long Id { get; private set; }
    public long RecipientId { get; private set; }
    public long CommunityId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public WishStatus Status { get; private set; }
    public string PublishedByUserId { get; private set; } = "";
    public DateTime PublishedAt { get; private set; }
    public string? ClaimantUserId { get; private set; }
    public string? ClaimantName { get; private set; }
    public DateTime? ClaimedAt { get; private set; }
    public string? FulfilmentNote { get; private set; }
    public DateTime? FulfilledAt { get; private set; }
    public DateTime? ConfirmedAt { get; private set; }
    public int Version { get; private set; }

    private Wish() { } // for EF

    public Wish(long recipientId, long communityId, string title, string? description, string publishedByUserId, DateTime now)
    {
        RecipientId = recipientId;
        CommunityId = communityId;
        Title = Guard.Text(title, TitleLength, "Title");
        Description = Guard.OptionalText(description, 300, "Description");
        Status = WishStatus.Open;
        PublishedByUserId = publishedByUserId;
        PublishedAt = now;
    }

    public static readonly IReadOnlyDictionary<WishStatus, WishStatus[]> Moves = new Dictionary<WishStatus, WishStatus[]>
    {
        [WishStatus.Open] = [WishStatus.Claimed, WishStatus.Withdrawn],
        [WishStatus.Claimed] = [WishStatus.Fulfilled, WishStatus.Open],
        [WishStatus.Fulfilled] = [WishStatus.Confirmed],
        [WishStatus.Confirmed] = [],
        [WishStatus.Withdrawn] = [],
    };

    // The claim itself is a conditional UPDATE (WishCommands.ClaimAsync) so two claimants at once get one winner;
    // this is the same rule for code that holds the entity (demo data).
    public void Claim(string userId, string name, DateTime now)
    {
        Move(WishStatus.Claimed);
        ClaimantUserId = userId;
        ClaimantName = name.Length > 30 ? name[..30] : name;
        ClaimedAt = now;
    }

    public void Fulfil(string userId, string? note, DateTime now)
    {
        if (ClaimantUserId != userId) throw new Forbidden("Care.Error.NotClaimant");
        var text = Guard.OptionalText(note, 300, "Note");
        Move(WishStatus.Fulfilled);
        FulfilmentNote = text;
        FulfilledAt = now;
    }

    public void Confirm(DateTime now)
    {
        Move(WishStatus.Confirmed);
        ConfirmedAt = now;
    }

    public void Withdraw() => Move(WishStatus.Withdrawn);

    private void Move(WishStatus to)
    {
        if (!Moves[Status].Contains(to)) throw new DomainException("Care.Error.WishMove");
        Status = to;
        Version++;
    }
}
