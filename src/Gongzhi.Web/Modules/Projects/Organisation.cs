namespace Gongzhi.Web.Modules.Projects;

// 社区社会组织: grows from 培育 through 孵化 to 备案/登记; each step keeps its date.
public sealed class Organisation
{
    public const int NameMax = 40;
    public const int StationMax = 40;
    public const int DescriptionMax = 500;
    public const int NumberMax = 40;

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string Name { get; private set; } = "";
    public OrgField Field { get; private set; }
    public string? Station { get; private set; }
    public string? Description { get; private set; }
    public string LeaderName { get; private set; } = "";
    public string? LeaderUserId { get; private set; }
    public OrgStage Stage { get; private set; }
    public DateOnly SeedlingSince { get; private set; }
    public DateOnly? IncubatingSince { get; private set; }
    public DateOnly? RegisteredOn { get; private set; }
    public string? RegistrationNumber { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    private Organisation() { } // for EF

    public Organisation(long communityId, string? name, OrgField field, string? station, string? leaderName, string? leaderUserId, string? description, DateOnly since, DateTime now)
    {
        CommunityId = communityId;
        Name = Guard.Text(name, NameMax, "Name");
        if (!Enum.IsDefined(field)) throw new ValidationFailure("Field", "Validation.Required");
        Field = field;
        Station = Guard.OptionalText(station, StationMax, "Station");
        LeaderName = Guard.Text(leaderName, 30, "LeaderName");
        LeaderUserId = leaderUserId;
        Description = Guard.OptionalText(description, DescriptionMax, "Description");
        Stage = OrgStage.Seedling;
        SeedlingSince = since;
        CreatedAt = now;
    }

    public static readonly IReadOnlyDictionary<OrgStage, OrgStage[]> Moves = new Dictionary<OrgStage, OrgStage[]>
    {
        [OrgStage.Seedling] = [OrgStage.Incubating],
        [OrgStage.Incubating] = [OrgStage.Registered],
        [OrgStage.Registered] = [],
    };

    public void CheckVersion(int version)
    {
        if (version != Version) throw new ConcurrencyConflict("Projects.Error.Changed");
    }

    public void Advance(OrgStage to, DateOnly on, string? number)
    {
        if (!Moves[Stage].Contains(to)) throw new DomainException("Projects.Error.StageMove", Stage, to);
        var since = Stage == OrgStage.Seedling ? SeedlingSince : IncubatingSince!.Value;
        if (on < since) throw new ValidationFailure("On", "Projects.Error.StageDateBefore", since.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (to == OrgStage.Registered)
        {
            RegistrationNumber = Guard.Text(number, NumberMax, "Number");
            RegisteredOn = on;
        }
        else IncubatingSince = on;
        Stage = to;
        Version++;
    }

    // The leader keeps the organisation's own page: its description and service station.
    public void Describe(string? description, string? station)
    {
        Description = Guard.OptionalText(description, DescriptionMax, "Description");
        Station = Guard.OptionalText(station, StationMax, "Station");
        Version++;
    }
}

// A member: a resident of the registry (their volunteer hours count for the organisation) or a name.
public sealed class OrgMember
{
    public long Id { get; private set; }
    public long OrganisationId { get; private set; }
    public string Name { get; private set; } = "";
    public long? ResidentId { get; private set; }
    public DateTime JoinedAt { get; private set; }

    private OrgMember() { } // for EF

    public OrgMember(long organisationId, string? name, long? residentId, DateTime now)
    {
        OrganisationId = organisationId;
        Name = Guard.Text(name, 30, "Name");
        ResidentId = residentId;
        JoinedAt = now;
    }
}

// 年度评估: one per organisation and year.
public sealed class OrgReview
{
    public long OrganisationId { get; private set; }
    public int Year { get; private set; }
    public OrgRating Rating { get; private set; }
    public string? Note { get; private set; }
    public string ByUserId { get; private set; } = "";
    public DateTime At { get; private set; }

    private OrgReview() { } // for EF

    public OrgReview(long organisationId, int year, OrgRating rating, string? note, string byUserId, DateTime now)
    {
        OrganisationId = organisationId;
        Year = Guard.Range(year, 2000, 2100, "Year");
        if (!Enum.IsDefined(rating)) throw new ValidationFailure("Rating", "Validation.Required");
        Rating = rating;
        Note = Guard.OptionalText(note, 200, "Note");
        ByUserId = byUserId;
        At = now;
    }
}
