namespace Gongzhi.Web.Modules.Deliberation;

// Where a topic applies: always a community; narrower when an estate or a building is named.
public sealed record TopicPlace(long CommunityId, long? EstateId, long? BuildingId)
{
    public TopicScope Scope => BuildingId is not null ? TopicScope.Building : EstateId is not null ? TopicScope.Estate : TopicScope.Community;
}

// 议题. The life cycle lives here: every move checks it is allowed from where the topic is.
public sealed class Topic
{
    public long Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public TopicSource Source { get; private set; }
    public TopicStatus Status { get; private set; }
    public long CommunityId { get; private set; }
    public long? EstateId { get; private set; }
    public long? BuildingId { get; private set; }
    public string? ProposerUserId { get; private set; }
    public string ProposerName { get; private set; } = "";
    public int SupportersNeeded { get; private set; }
    public int Supporters { get; private set; }
    public long? MergedIntoId { get; private set; }
    public string? Decision { get; private set; }
    public string? NoticeText { get; private set; }
    public DateTime? NoticeFrom { get; private set; }
    public DateTime? NoticeUntil { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public int Version { get; private set; }
    public string? CoverName { get; private set; }
    public string? CoverType { get; private set; }

    // Sets or clears the cover picture; returns the stored name it replaced (deleted once this is saved).
    public string? SetCover(Gongzhi.Web.Modules.Requests.Photos.StoredPhoto? photo)
    {
        var old = CoverName;
        (CoverName, CoverType) = (photo?.StoredName, photo?.ContentType);
        Version++;
        return old;
    }

    private Topic() { } // for EF

    public Topic(string? title, string? description, TopicSource source, TopicPlace place, string? proposerUserId, string proposerName, int supportersNeeded, DateTime now)
    {
        Title = Guard.Text(title, 60, "Title");
        if (Title.Length < 4) throw new ValidationFailure("Title", "Deliberation.Error.TitleShort", 4);
        Description = Guard.Text(description, 2000, "Description");
        if (!Enum.IsDefined(source)) throw new ValidationFailure("Source", "Validation.Required");
        Source = source;
        Status = TopicStatus.Proposed;
        CommunityId = place.CommunityId;
        EstateId = place.EstateId;
        BuildingId = place.BuildingId;
        ProposerUserId = proposerUserId;
        ProposerName = Guard.Text(proposerName, 30, "ProposerName");
        // Only a resident's proposal waits for supporters; staff and case clusters go straight on.
        SupportersNeeded = source == TopicSource.Resident ? Guard.Range(supportersNeeded, 0, 10000, "SupportersNeeded") : 0;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public TopicScope Scope => new TopicPlace(CommunityId, EstateId, BuildingId).Scope;

    public static readonly IReadOnlyDictionary<TopicStatus, TopicStatus[]> Moves = new Dictionary<TopicStatus, TopicStatus[]>
    {
        [TopicStatus.Proposed] = [TopicStatus.Consultation, TopicStatus.Meeting, TopicStatus.Voting, TopicStatus.Withdrawn, TopicStatus.Merged],
        [TopicStatus.Consultation] = [TopicStatus.Meeting, TopicStatus.Voting, TopicStatus.Withdrawn, TopicStatus.Merged],
        // A meeting may decide by itself (a resolution with the votes taken in the room).
        [TopicStatus.Meeting] = [TopicStatus.Voting, TopicStatus.Adopted, TopicStatus.Rejected, TopicStatus.Withdrawn, TopicStatus.Merged],
        [TopicStatus.Voting] = [TopicStatus.Adopted, TopicStatus.Rejected],
        [TopicStatus.Adopted] = [TopicStatus.Notice],
        [TopicStatus.Notice] = [TopicStatus.Implementation],
        [TopicStatus.Implementation] = [TopicStatus.Done],
        [TopicStatus.Rejected] = [],
        [TopicStatus.Done] = [],
        [TopicStatus.Withdrawn] = [],
        [TopicStatus.Merged] = [],
    };

    public static bool CanMove(TopicStatus from, TopicStatus to) => Moves[from].Contains(to);

    public bool IsClosed => Moves[Status].Length == 0;

    public bool HasEnoughSupport => Supporters >= SupportersNeeded;

    public void CheckVersion(int expectedVersion)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict("Deliberation.Error.Changed");
    }

    private void MoveTo(TopicStatus to, DateTime now)
    {
        if (!CanMove(Status, to)) throw new DomainException("Deliberation.Error.Transition", Status, to);
        // A resident's proposal goes forward only with enough neighbours behind it.
        if (Status == TopicStatus.Proposed && to is not (TopicStatus.Withdrawn or TopicStatus.Merged) && !HasEnoughSupport)
            throw new DomainException("Deliberation.Error.NeedsSupport", SupportersNeeded - Supporters);
        Status = to;
        Touch(now);
    }

    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }

    public void AddSupporter(DateTime now)
    {
        if (Status != TopicStatus.Proposed) throw new DomainException("Deliberation.Error.NotProposed");
        Supporters++;
        Touch(now);
    }

    public void StartConsultation(DateTime now) => MoveTo(TopicStatus.Consultation, now);

    public void StartMeeting(DateTime now)
    {
        if (Status == TopicStatus.Meeting) return; // a second meeting on the same topic
        MoveTo(TopicStatus.Meeting, now);
    }

    public void StartVote(DateTime now) => MoveTo(TopicStatus.Voting, now);

    public void Resolve(bool adopted, string? decision, DateTime now)
    {
        MoveTo(adopted ? TopicStatus.Adopted : TopicStatus.Rejected, now);
        Decision = Guard.OptionalText(decision, 1000, "Decision");
    }

    public void Withdraw(DateTime now) => MoveTo(TopicStatus.Withdrawn, now);

    public void MergeInto(Topic target, DateTime now)
    {
        if (target.Id == Id) throw new ValidationFailure("TargetId", "Deliberation.Error.MergeSelf");
        if (target.IsClosed || target.Status == TopicStatus.Merged) throw new ValidationFailure("TargetId", "Deliberation.Error.MergeTargetClosed");
        MoveTo(TopicStatus.Merged, now);
        MergedIntoId = target.Id;
    }

    // 公示: the decision is published for a period in which residents may object.
    public void Publish(string? text, int days, DateTime now)
    {
        var noticeText = Guard.Text(text, 2000, "Text");
        Guard.Range(days, 1, 60, "Days");
        MoveTo(TopicStatus.Notice, now);
        NoticeText = noticeText;
        NoticeFrom = now;
        NoticeUntil = now.AddDays(days);
    }

    public bool InObjectionWindow(DateTime now) => Status == TopicStatus.Notice && NoticeUntil is not null && now < NoticeUntil;

    public void StartImplementation(int unansweredObjections, DateTime now)
    {
        if (Status == TopicStatus.Notice && NoticeUntil is not null && now < NoticeUntil)
            throw new DomainException("Deliberation.Error.NoticeRunning", ApiTimeConverter.LocalText(NoticeUntil.Value));
        if (unansweredObjections > 0) throw new DomainException("Deliberation.Error.ObjectionsOpen", unansweredObjections);
        MoveTo(TopicStatus.Implementation, now);
    }

    public void Finish(int openMilestones, DateTime now)
    {
        if (openMilestones > 0) throw new DomainException("Deliberation.Error.MilestonesOpen", openMilestones);
        MoveTo(TopicStatus.Done, now);
    }
}

// One supporter of a resident's proposal; the key (topic, user) makes a second support impossible.
public sealed class TopicSupport
{
    public long TopicId { get; private set; }
    public string UserId { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    private TopicSupport() { } // for EF

    public TopicSupport(long topicId, string userId, DateTime now)
    {
        TopicId = topicId;
        UserId = userId;
        CreatedAt = now;
    }
}

// The requests a frequent-request topic came from (高频诉求).
public sealed class TopicCase
{
    public long TopicId { get; private set; }
    public long CaseId { get; private set; }

    private TopicCase() { } // for EF

    public TopicCase(long topicId, long caseId)
    {
        TopicId = topicId;
        CaseId = caseId;
    }
}

// Residents who follow a topic are told of its progress.
public sealed class TopicFollower
{
    public long TopicId { get; private set; }
    public string UserId { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    private TopicFollower() { } // for EF

    public TopicFollower(long topicId, string userId, DateTime now)
    {
        TopicId = topicId;
        UserId = userId;
        CreatedAt = now;
    }
}
