namespace Gongzhi.Web.Modules.Party;

public enum UnitKind { School = 1, Hospital = 2, Company = 3, PropertyCompany = 4, Department = 5, SocialOrganisation = 6, Other = 9 }

// 共建单位: a unit in the community's 1+N alliance, with the contact who speaks for it.
public sealed class PartnerUnit
{
    public const int NameLength = 50;

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string Name { get; private set; } = "";
    public UnitKind Kind { get; private set; }
    public string ContactName { get; private set; } = "";
    public string? ContactPhone { get; private set; }
    public string? ContactUserId { get; private set; }
    public DateOnly JoinedOn { get; private set; }
    public DateOnly? LeftOn { get; private set; }

    private PartnerUnit() { } // for EF

    public PartnerUnit(long communityId, string? name, UnitKind kind, string? contactName, string? contactPhone, string? contactUserId, DateOnly joinedOn)
    {
        if (!Enum.IsDefined(kind)) throw new ValidationFailure("Kind", "Validation.Invalid");
        CommunityId = communityId;
        Name = Guard.Text(name, NameLength, "Name");
        Kind = kind;
        ContactName = Guard.Text(contactName, 30, "ContactName");
        ContactPhone = string.IsNullOrWhiteSpace(contactPhone) ? null : PhoneNumber.Normalize(contactPhone);
        ContactUserId = contactUserId;
        JoinedOn = joinedOn;
    }

    public bool ActiveOn(DateOnly day) => JoinedOn <= day && (LeftOn is null || LeftOn > day);

    public void Leave(DateOnly on)
    {
        if (LeftOn is not null) throw new DomainException("Party.Error.UnitLeft");
        if (on < JoinedOn) throw new ValidationFailure("LeftOn", "Party.Error.PostEndBeforeStart");
        LeftOn = on;
    }
}
