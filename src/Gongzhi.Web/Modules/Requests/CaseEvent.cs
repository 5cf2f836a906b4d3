namespace Gongzhi.Web.Modules.Requests;

// One line of a case's timeline. Append-only: nothing on the timeline is edited or deleted.
public sealed class CaseEvent
{
    public long Id { get; private set; }
    public long CaseId { get; private set; }
    public CaseEventKind Kind { get; private set; }
    public DateTime At { get; private set; }
    public string? ActorUserId { get; private set; }
    public string ActorName { get; private set; } = "";
    public string? Text { get; private set; }
    // Internal lines are for staff and partners only; residents never see them.
    public bool Internal { get; private set; }
    public CaseStatus? ToStatus { get; private set; }
    public long? ReferralId { get; private set; }

    // The case a move's line belongs to, so a line written before the case was first saved gets its id
    // when both are inserted (Case.PendingLines). Private: readers use CaseId.
    private Case? Subject { get; set; }

    private CaseEvent() { } // for EF

    internal CaseEvent(Case subject, CaseEventKind kind, DateTime at, string? actorUserId, string actorName, string? text,
        bool @internal, CaseStatus? toStatus, long? referralId)
        : this(subject.Id, kind, at, actorUserId, actorName, text, @internal, toStatus, referralId) => Subject = subject;

    public CaseEvent(long caseId, CaseEventKind kind, DateTime at, string? actorUserId, string actorName, string? text = null,
        bool @internal = false, CaseStatus? toStatus = null, long? referralId = null)
    {
        CaseId = caseId;
        Kind = kind;
        At = at;
        ActorUserId = actorUserId;
        ActorName = actorName.Length > 30 ? actorName[..30] : actorName;
        Text = text is { Length: > 2000 } ? text[..2000] : text;
        Internal = @internal;
        ToStatus = toStatus;
        ReferralId = referralId;
    }
}

// 联办 / 转办: a hand-over to the property company of the estate or to a department, who answer in the case.
public sealed class Referral
{
    public long Id { get; private set; }
    public long CaseId { get; private set; }
    public ReferralKind Kind { get; private set; }
    public long? DepartmentId { get; private set; }
    public long? EstateId { get; private set; }
    public string TargetName { get; private set; } = "";
    public string? Note { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string? CreatedByUserId { get; private set; }
    public string? Reply { get; private set; }
    public DateTime? RepliedAt { get; private set; }
    public string? RepliedByUserId { get; private set; }

    private Referral() { } // for EF

    public Referral(long caseId, ReferralKind kind, long? departmentId, long? estateId, string targetName, string? note, DateTime now, string? createdByUserId)
    {
        if (kind == ReferralKind.Department && departmentId is null) throw new ValidationFailure("DepartmentId", "Validation.Required");
        if (kind == ReferralKind.PropertyCompany && estateId is null) throw new ValidationFailure("Kind", "Requests.Error.NoEstate");
        CaseId = caseId;
        Kind = kind;
        DepartmentId = departmentId;
        EstateId = estateId;
        TargetName = targetName;
        Note = Guard.OptionalText(note, 500, "Note");
        CreatedAt = now;
        CreatedByUserId = createdByUserId;
    }

    public bool IsOpen => RepliedAt is null;

    public void Answer(string? reply, string userId, DateTime now)
    {
        var text = Guard.Text(reply, 1000, "Reply");
        Reply = Reply is null ? text : Reply + "\n" + text;
        RepliedAt = now;
        RepliedByUserId = userId;
    }
}

public sealed class CasePhoto
{
    public long Id { get; private set; }
    public long CaseId { get; private set; }
    public PhotoStage Stage { get; private set; }
    public string StoredName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Length { get; private set; }
    public DateTime UploadedAt { get; private set; }
    public string? UploadedByUserId { get; private set; }

    private CasePhoto() { } // for EF

    public CasePhoto(long caseId, PhotoStage stage, string storedName, string contentType, long length, DateTime now, string? userId)
    {
        CaseId = caseId;
        Stage = stage;
        StoredName = storedName;
        ContentType = contentType;
        Length = length;
        UploadedAt = now;
        UploadedByUserId = userId;
    }
}

// A party to a dispute (矛盾纠纷) and the mediation sessions held with them.
public sealed class DisputeParty
{
    public long Id { get; private set; }
    public long CaseId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Phone { get; private set; }
    public string? Role { get; private set; }

    private DisputeParty() { } // for EF

    public DisputeParty(long caseId, string? name, string? phone, string? role)
    {
        CaseId = caseId;
        Name = Guard.Text(name, 30, "Name");
        Phone = string.IsNullOrWhiteSpace(phone) ? null : PhoneNumber.Normalize(phone);
        Role = Guard.OptionalText(role, 30, "Role");
    }
}

public sealed class MediationSession
{
    public long Id { get; private set; }
    public long CaseId { get; private set; }
    public DateTime HeldAt { get; private set; }
    public string Place { get; private set; } = "";
    public string Mediators { get; private set; } = "";
    public string Summary { get; private set; } = "";

    private MediationSession() { } // for EF

    public MediationSession(long caseId, DateTime heldAt, string? place, string? mediators, string? summary, DateTime now)
    {
        if (heldAt > now.AddDays(1)) throw new ValidationFailure("HeldAt", "Registry.Error.FutureDate");
        CaseId = caseId;
        HeldAt = heldAt;
        Place = Guard.Text(place, 100, "Place");
        Mediators = Guard.Text(mediators, 100, "Mediators");
        Summary = Guard.Text(summary, 2000, "Summary");
    }
}
