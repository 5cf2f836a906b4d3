namespace Gongzhi.Web.Modules.Party;

public enum ListSide { Resource = 1, Need = 2 } // 资源清单, 需求清单
public enum ItemStatus { Open = 0, Matched = 1, Done = 2 }
public enum ProjectStatus { Matched = 0, Done = 1, Dropped = 2 }

// One line of the alliance's 资源清单 (what a unit offers: a hall, a doctor's morning, a truck) or
// 需求清单 (what the community needs). A line is matched to at most one project at a time.
public sealed class AllianceItem
{
    public const int TitleLength = 60;

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public ListSide Side { get; private set; }
    public long? UnitId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Detail { get; private set; }
    public ItemStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    private AllianceItem() { } // for EF

    public AllianceItem(long communityId, ListSide side, long? unitId, string? title, string? detail, DateTime now)
    {
        if (!Enum.IsDefined(side)) throw new ValidationFailure("Side", "Validation.Invalid");
        if (side == ListSide.Resource && unitId is null) throw new ValidationFailure("UnitId", "Party.Error.ResourceNeedsUnit");
        CommunityId = communityId;
        Side = side;
        UnitId = unitId;
        Title = Guard.Text(title, TitleLength, "Title");
        Detail = Guard.OptionalText(detail, 500, "Detail");
        CreatedAt = now;
    }

    public void Match()
    {
        if (Status != ItemStatus.Open) throw new ConcurrencyConflict("Party.Error.ItemTaken", Title);
        Status = ItemStatus.Matched;
        Version++;
    }

    public void Release(bool done)
    {
        Status = done ? ItemStatus.Done : ItemStatus.Open;
        Version++;
    }
}

// 项目清单: staff match a resource to a need; the project ends done (with its outcome) or dropped,
// which puts both lines back on their lists.
public sealed class AllianceProject
{
    public static readonly IReadOnlyDictionary<ProjectStatus, ProjectStatus[]> Moves = new Dictionary<ProjectStatus, ProjectStatus[]>
    {
        [ProjectStatus.Matched] = [ProjectStatus.Done, ProjectStatus.Dropped],
        [ProjectStatus.Done] = [],
        [ProjectStatus.Dropped] = [],
    };

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string Title { get; private set; } = "";
    public long ResourceId { get; private set; }
    public long NeedId { get; private set; }
    public ProjectStatus Status { get; private set; }
    public string MatchedByUserId { get; private set; } = "";
    public DateTime MatchedAt { get; private set; }
    public string? Outcome { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public int Version { get; private set; }

    private AllianceProject() { } // for EF

    public AllianceProject(AllianceItem resource, AllianceItem need, string? title, string userId, DateTime now)
    {
        if (resource.Side != ListSide.Resource) throw new ValidationFailure("ResourceId", "Party.Error.NotAResource");
        if (need.Side != ListSide.Need) throw new ValidationFailure("NeedId", "Party.Error.NotANeed");
        if (resource.CommunityId != need.CommunityId) throw new ValidationFailure("NeedId", "Party.Error.OtherCommunity");
        resource.Match();
        need.Match();
        CommunityId = need.CommunityId;
        Title = Guard.Text(string.IsNullOrWhiteSpace(title) ? $"{resource.Title} · {need.Title}" : title, 120, "Title");
        ResourceId = resource.Id;
        NeedId = need.Id;
        MatchedByUserId = userId;
        MatchedAt = now;
    }

    public void Close(ProjectStatus to, string? outcome, int expectedVersion, AllianceItem resource, AllianceItem need, DateTime now)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict("Party.Error.Changed");
        if (!Moves[Status].Contains(to)) throw new DomainException("Party.Error.ProjectMove");
        // What came of it is the point of the list: a done project says what was done.
        Outcome = to == ProjectStatus.Done ? Guard.Text(outcome, 500, "Outcome") : Guard.OptionalText(outcome, 500, "Outcome");
        Status = to;
        ClosedAt = now;
        resource.Release(to == ProjectStatus.Done);
        need.Release(to == ProjectStatus.Done);
        Version++;
    }
}

// 联席会议: a Deliberation meeting of the alliance, chaired in turn by its units (轮值主席).
// Number counts the community's joint meetings; it is unique, so two meetings planned at once
// cannot both take the same turn.
public sealed class JointMeeting
{
    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public int Number { get; private set; }
    public long MeetingId { get; private set; }
    public long ChairUnitId { get; private set; }

    private JointMeeting() { } // for EF

    public JointMeeting(long communityId, int number, long meetingId, long chairUnitId)
    {
        CommunityId = communityId;
        Number = number;
        MeetingId = meetingId;
        ChairUnitId = chairUnitId;
    }

    // The chair passes to the next unit, in the order they joined, after the last meeting's chair.
    public static long NextChair(IReadOnlyList<long> activeUnitsInOrder, long? lastChair)
    {
        if (activeUnitsInOrder.Count == 0) throw new ValidationFailure("Units", "Party.Error.NoUnits");
        if (lastChair is null) return activeUnitsInOrder[0];
        var after = activeUnitsInOrder.FirstOrDefault(id => id > lastChair.Value);
        return after != 0 ? after : activeUnitsInOrder[0];
    }
}
