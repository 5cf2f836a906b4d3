using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Requests;

// Where a case happens and who raised it, worked out before the case is created.
public sealed record CasePlace(long SubdistrictId, long CommunityId, long GridId, long? EstateId, long? BuildingId, long? HouseholdId, string Address)
{
    public string BuildingAddress { get; init; } = "";
}

public sealed record CaseReporter(string? UserId, long? ResidentId, string? Name, string? Phone, bool Anonymous);

// 诉求 / 工单. The state machine lives here: every move checks it is allowed from where the case is,
// and writes its own timeline line, saved with the move (ITimeline).
public sealed class Case : ITimeline
{
    private readonly List<CaseEvent> _pending = [];
    private string? _actorId;
    private string _actorName = "";

    public long Id { get; private set; }
    public long CategoryId { get; private set; }
    public Channel Channel { get; private set; }
    public CaseStatus Status { get; private set; }
    public string Description { get; private set; } = "";
    public string Address { get; private set; } = "";
    public long SubdistrictId { get; private set; }
    public long CommunityId { get; private set; }
    public long GridId { get; private set; }
    public long? EstateId { get; private set; }
    public long? BuildingId { get; private set; }
    public long? HouseholdId { get; private set; }
    public double? Latitude { get; private set; }
    public double? Longitude { get; private set; }
    public bool Anonymous { get; private set; }
    public string? ReporterUserId { get; private set; }
    public long? ReporterResidentId { get; private set; }
    public string? ReporterName { get; private set; }
    public string? ReporterPhone { get; private set; }
    public string? EnteredByUserId { get; private set; }
    public string? OwnerUserId { get; private set; }
    public string OwnerName { get; private set; } = "";
    public DateTime SubmittedAt { get; private set; }
    public DateTime RespondBy { get; private set; }
    public DateTime ResolveBy { get; private set; }
    public DateTime? AcceptedAt { get; private set; }
    public DateTime? FirstContactAt { get; private set; }
    public DateTime? ResolvedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public string? Resolution { get; private set; }
    public Rating? Rating { get; private set; }
    public string? RatingComment { get; private set; }
    public DateTime? RatedAt { get; private set; }
    public int ReopenCount { get; private set; }
    public EscalationLevel EscalationLevel { get; private set; }
    public long? PossibleDuplicateOfId { get; private set; }
    public long? MergedIntoId { get; private set; }
    public string? IdempotencyKey { get; private set; }
    public string? AnswersJson { get; private set; }
    public string? Agreement { get; private set; }
    public DateTime? AgreedAt { get; private set; }
    // The resolution deadline the owner was last warned about: claimed by a conditional update so
    // that several instances warn once.
    public DateTime? WarnedFor { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    // When the retention sweep removed the reporter's personal fields (CaseRetention); set once.
    public DateTime? AnonymisedAt { get; private set; }
    public int Version { get; private set; }

    public const int MaxOpen311Description = 4000;

    private Case() { } // for EF

    // The most of an anonymous reporter's place that partners see: the building, never the door
    // (the property company knows who lives behind every door).
    public static string BuildingAddress(string? estateName, int? buildingNumber) =>
        estateName is null || buildingNumber is null ? "" : $"{estateName}{buildingNumber}栋";

    public Case(CaseCategory category, Channel channel, string? description, CasePlace place, CaseReporter reporter, (string? UserId, string Name) owner,
        DateTime now, DateTime respondBy, DateTime resolveBy, string? enteredByUserId = null, string? idempotencyKey = null)
    {
        if (!category.Active) throw new ValidationFailure("CategoryId", "Requests.Error.CategoryInactive");
        if (reporter.Anonymous && !category.AllowAnonymous) throw new ValidationFailure("Anonymous", "Requests.Error.NoAnonymous");
        CategoryId = category.Id;
        Channel = channel;
        Status = CaseStatus.Submitted;
        if (channel == Channel.Open311)
        {
            // GeoReport v2: description is optional (service_code and a place make a request) and up to 4,000 characters.
            Description = Guard.OptionalText(description, MaxOpen311Description, "Description") ?? "";
        }
        else
        {
            Description = Guard.Text(description, 1000, "Description");
            if (Description.Length < 4) throw new ValidationFailure("Description", "Requests.Error.DescriptionShort", 4);
        }
        Address = Guard.Text(place.Address, 200, "Address");
        SubdistrictId = place.SubdistrictId;
        CommunityId = place.CommunityId;
        GridId = place.GridId;
        EstateId = place.EstateId;
        BuildingId = place.BuildingId;
        HouseholdId = place.HouseholdId;
        Anonymous = reporter.Anonymous;
        ReporterUserId = reporter.UserId;
        ReporterResidentId = reporter.Anonymous ? null : reporter.ResidentId;
        ReporterName = reporter.Anonymous ? null : Guard.OptionalText(reporter.Name, 30, "ReporterName");
        ReporterPhone = reporter.Anonymous ? null : reporter.Phone;
        EnteredByUserId = enteredByUserId;
        OwnerUserId = owner.UserId;
        OwnerName = owner.Name;
        SubmittedAt = now;
        UpdatedAt = now;
        RespondBy = respondBy;
        ResolveBy = resolveBy;
        IdempotencyKey = idempotencyKey;
    }

    public void Locate(double latitude, double longitude)
    {
        if (latitude is < -90 or > 90 || double.IsNaN(latitude)) throw new ValidationFailure("Lat", "Validation.Range", -90, 90);
        if (longitude is < -180 or > 180 || double.IsNaN(longitude)) throw new ValidationFailure("Long", "Validation.Range", -180, 180);
        Latitude = latitude;
        Longitude = longitude;
    }

    public void SetAnswers(string? answersJson) => AnswersJson = answersJson;

    public bool IsOpen => Status is CaseStatus.Submitted or CaseStatus.Accepted or CaseStatus.Referred or CaseStatus.Reopened;

    // Being worked on by its owner: the states in which it can be referred, resolved or merged.
    public bool InWork => Status is CaseStatus.Accepted or CaseStatus.Referred or CaseStatus.Reopened;

    public static readonly IReadOnlyDictionary<CaseStatus, CaseStatus[]> Moves = new Dictionary<CaseStatus, CaseStatus[]>
    {
        [CaseStatus.Submitted] = [CaseStatus.Accepted, CaseStatus.Cancelled, CaseStatus.Merged],
        [CaseStatus.Accepted] = [CaseStatus.Referred, CaseStatus.Resolved, CaseStatus.Merged],
        [CaseStatus.Referred] = [CaseStatus.Referred, CaseStatus.Resolved, CaseStatus.Merged],
        [CaseStatus.Resolved] = [CaseStatus.Closed, CaseStatus.Reopened],
        [CaseStatus.Reopened] = [CaseStatus.Referred, CaseStatus.Resolved, CaseStatus.Merged],
        [CaseStatus.Closed] = [],
        [CaseStatus.Cancelled] = [],
        [CaseStatus.Merged] = [],
    };

    public static bool CanMove(CaseStatus from, CaseStatus to) => Moves[from].Contains(to);

    // Who is acting, for the lines the next moves write (none: the system). The reporter of an
    // anonymous case stays nameless on its timeline too: the property company reads it.
    public Case ActingAs(string? userId, string name)
    {
        _actorId = userId;
        _actorName = Anonymous && userId is not null && userId == ReporterUserId ? "" : name;
        return this;
    }

    // A line that is not a move (a comment, a note, a reply), written by whoever acts.
    public void Note(CaseEventKind kind, string? text, DateTime now, bool @internal = false, long? referralId = null) =>
        Line(kind, now, text, @internal, referralId: referralId);

    public IReadOnlyList<CaseEvent> PendingLines => _pending;

    IEnumerable<object> ITimeline.TakePendingLines()
    {
        var lines = _pending.ToList();
        _pending.Clear();
        return lines;
    }

    private void Line(CaseEventKind kind, DateTime now, string? text = null, bool @internal = false, CaseStatus? toStatus = null, long? referralId = null) =>
        _pending.Add(new CaseEvent(this, kind, now, _actorId, _actorName, text, @internal, toStatus, referralId));

    private void MoveTo(CaseStatus to, DateTime now)
    {
        if (!CanMove(Status, to)) throw new DomainException("Requests.Error.Transition", Status, to);
        Status = to;
        Touch(now);
    }

    private void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }

    // 接单. Whoever accepts becomes the owner; a second, simultaneous acceptance loses on the version.
    public void Accept(string userId, string name, DateTime now)
    {
        if (Status == CaseStatus.Accepted) throw new ConcurrencyConflict("Requests.Error.AlreadyAccepted", OwnerName);
        MoveTo(CaseStatus.Accepted, now);
        OwnerUserId = userId;
        OwnerName = name;
        AcceptedAt = now;
        FirstContactAt ??= now;
        ActingAs(userId, name);
        Line(CaseEventKind.Accepted, now, toStatus: CaseStatus.Accepted);
    }

    public void Reassign(string userId, string name, string? reason, DateTime now)
    {
        if (!IsOpen) throw new DomainException("Requests.Error.NotOpen");
        Guard.Text(reason, 200, "Reason");
        if (userId == OwnerUserId) throw new ValidationFailure("OwnerUserId", "Requests.Error.SameOwner");
        OwnerUserId = userId;
        OwnerName = name;
        Touch(now);
        Line(CaseEventKind.Reassigned, now, $"{name}：{reason!.Trim()}", @internal: true);
    }

    // The referral is saved first, so its line can point at it.
    public void Refer(Referral referral, DateTime now)
    {
        MoveTo(CaseStatus.Referred, now);
        Line(CaseEventKind.Referred, now, referral.TargetName, toStatus: CaseStatus.Referred, referralId: referral.Id);
    }

    // A reply from the resident's side of the conversation also counts as the first contact.
    public void Contacted(DateTime now)
    {
        FirstContactAt ??= now;
        Touch(now);
    }

    public void Resolve(string? resolution, DateTime now)
    {
        var text = Guard.Text(resolution, 1000, "Resolution");
        MoveTo(CaseStatus.Resolved, now);
        Resolution = text;
        ResolvedAt = now;
        Line(CaseEventKind.Resolved, now, text, toStatus: CaseStatus.Resolved);
    }

    public enum RateOutcome { Closed, Reopened, Escalated }

    // 不满意 reopens the case with a fresh resolution deadline, up to maxReopens times; beyond that
    // it still reopens but goes up to the community (督办) instead of back to the same desk alone.
    public RateOutcome Rate(Rating rating, string? comment, int maxReopens, DateTime now, DateTime newResolveBy)
    {
        if (!Enum.IsDefined(rating)) throw new ValidationFailure("Rating", "Validation.Required");
        if (Status != CaseStatus.Resolved) throw new DomainException("Requests.Error.NotResolved");
        RatingComment = Guard.OptionalText(comment, 500, "Comment");
        Rating = rating;
        RatedAt = now;
        if (rating != Requests.Rating.Unsatisfied)
        {
            MoveTo(CaseStatus.Closed, now);
            ClosedAt = now;
            Line(CaseEventKind.Rated, now, RatingComment, toStatus: CaseStatus.Closed);
            return RateOutcome.Closed;
        }
        MoveTo(CaseStatus.Reopened, now);
        ResolvedAt = null;
        ResolveBy = newResolveBy;
        ReopenCount++;
        Line(CaseEventKind.Rated, now, RatingComment, toStatus: CaseStatus.Reopened);
        Line(CaseEventKind.Reopened, now, toStatus: CaseStatus.Reopened);
        if (ReopenCount <= maxReopens) return RateOutcome.Reopened;
        if (EscalationLevel < EscalationLevel.Community) EscalationLevel = EscalationLevel.Community;
        Line(CaseEventKind.Escalated, now, @internal: true);
        return RateOutcome.Escalated;
    }

    // A resolved case nobody rated within the follow-up period closes on its own.
    public void CloseUnrated(DateTime now)
    {
        MoveTo(CaseStatus.Closed, now);
        ClosedAt = now;
        Line(CaseEventKind.Closed, now, toStatus: CaseStatus.Closed);
    }

    public void Cancel(string userId, DateTime now)
    {
        if (userId != ReporterUserId) throw new Forbidden("Requests.Error.NotYourCase");
        if (!IsOpen) throw new DomainException("Requests.Error.NotOpen");
        if (Status != CaseStatus.Submitted) throw new DomainException("Requests.Error.CancelAfterAccept");
        MoveTo(CaseStatus.Cancelled, now);
        ClosedAt = now;
        Line(CaseEventKind.Cancelled, now, toStatus: CaseStatus.Cancelled);
    }

    // Another system withdraws a request it raised (Open311 servicerequestupdates, status=closed),
    // as a resident may cancel theirs: only before anyone has taken it up.
    public void Withdraw(DateTime now)
    {
        if (!IsOpen) throw new DomainException("Requests.Error.NotOpen");
        if (Status != CaseStatus.Submitted) throw new DomainException("Requests.Error.CancelAfterAccept");
        MoveTo(CaseStatus.Cancelled, now);
        ClosedAt = now;
    }

    // A public message from the reporter's side (an Open311 update) is news on the case.
    public void Commented(DateTime now)
    {
        if (!IsOpen) throw new DomainException("Requests.Error.NotOpen");
        Touch(now);
    }

    public void MergeInto(Case target, DateTime now)
    {
        if (target.Id == Id) throw new ValidationFailure("TargetId", "Requests.Error.MergeSelf");
        if (!target.IsOpen) throw new ValidationFailure("TargetId", "Requests.Error.MergeTargetClosed");
        if (target.CommunityId != CommunityId) throw new ValidationFailure("TargetId", "Requests.Error.MergeOtherCommunity");
        MoveTo(CaseStatus.Merged, now);
        MergedIntoId = target.Id;
        ClosedAt = now;
        Line(CaseEventKind.Merged, now, "#" + target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), toStatus: CaseStatus.Merged);
        target.ActingAs(_actorId, _actorName).Note(CaseEventKind.Comment, "#" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ⇒", now, @internal: true);
    }

    public void FlagPossibleDuplicate(long otherId) => PossibleDuplicateOfId = otherId;

    public void RecordAgreement(string? text, DateTime now)
    {
        if (!InWork) throw new DomainException("Requests.Error.NotInWork");
        Agreement = Guard.Text(text, 2000, "Agreement");
        AgreedAt = now;
        Touch(now);
        Line(CaseEventKind.Agreement, now, Agreement, @internal: true);
    }

    public bool IsOverdue(DateTime now) => IsOpen && now > ResolveBy;

    // The version the caller saw: acting on a case someone changed meanwhile is refused.
    public void CheckVersion(int expected)
    {
        if (expected != Version) throw new ConcurrencyConflict("Requests.Error.Changed");
    }
}
