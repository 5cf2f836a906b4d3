namespace Gongzhi.Web.Modules.Care;

// 走访记录. The grid is the household's at the time of the visit, so a monthly count per grid
// stays what it was when the household later moves to another grid.
public sealed class Visit
{
    public const int NoteLength = 500;

    public long Id { get; private set; }
    public long RecipientId { get; private set; }
    public long GridId { get; private set; }
    public string VisitorUserId { get; private set; } = "";
    public string VisitorName { get; private set; } = "";
    public DateTime At { get; private set; }
    public VisitKind Kind { get; private set; }
    public VisitCondition Condition { get; private set; }
    public VisitActions Actions { get; private set; }
    public string? Note { get; private set; }
    // The case a need found on this visit became (Requests' own row; linked both ways by the case's idempotency key).
    public long? CaseId { get; private set; }
    // The phone form's key: a form sent again after a lost answer finds this visit instead of making a second one.
    public string? IdempotencyKey { get; private set; }
    // The pair (结对帮扶) the visitor was the helper of when visiting, if any.
    public long? PairId { get; private set; }
    // Staff confirmed the pair's visit: the minutes it counts for and the helper's points posting.
    public int? CreditedMinutes { get; private set; }
    public DateTime? CreditedAt { get; private set; }
    public long? PointsTransactionId { get; private set; }
    // One photo from the stairs, on disk through Requests' photo store (name under its directory).
    public string? PhotoName { get; private set; }
    public string? PhotoType { get; private set; }

    private Visit() { } // for EF

    public Visit(long recipientId, long gridId, string visitorUserId, string visitorName, DateTime at, VisitKind kind,
        VisitCondition condition, VisitActions actions, string? note, string? idempotencyKey)
    {
        if (!Enum.IsDefined(kind)) throw new ValidationFailure("Kind", "Validation.Invalid");
        if (!Enum.IsDefined(condition)) throw new ValidationFailure("Condition", "Validation.Invalid");
        if (((int)actions & ~0xFF) != 0) throw new ValidationFailure("Actions", "Validation.Invalid");
        RecipientId = recipientId;
        GridId = gridId;
        VisitorUserId = visitorUserId;
        VisitorName = visitorName.Length > 30 ? visitorName[..30] : visitorName;
        At = at;
        Kind = kind;
        Condition = condition;
        Actions = actions;
        Note = Guard.OptionalText(note, NoteLength, "Note");
        IdempotencyKey = idempotencyKey;
    }

    public void LinkCase(long caseId) => CaseId = caseId;

    public void ByPair(long pairId) => PairId = pairId;

    public void AttachPhoto(string storedName, string contentType)
    {
        PhotoName = storedName;
        PhotoType = contentType;
    }

    // What a pair's visit counts for: a call or video less than going there; nobody seen, nothing.
    public int ServiceMinutes => Kind switch { VisitKind.Home => 60, VisitKind.Video => 30, VisitKind.Phone => 20, _ => 0 };

    // Credited once: a second confirmation keeps the first figures (the ledger's key makes it earn once too).
    public void Credit(int minutes, long? transactionId, DateTime now)
    {
        if (PairId is null) throw new DomainException("Care.Error.NotPairVisit");
        if (Kind == VisitKind.NotSeen) throw new DomainException("Care.Error.NotSeenNoCredit");
        if (CreditedAt is not null) return;
        CreditedMinutes = minutes;
        PointsTransactionId = transactionId;
        CreditedAt = now;
    }
}
