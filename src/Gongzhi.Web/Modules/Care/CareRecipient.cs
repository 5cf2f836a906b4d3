using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Care;

// 关爱对象: a registry resident the community looks after, with the plan of who visits how often.
// The plan lives on the recipient (one plan each) so "who is due" is one indexed column, NextDueOn.
public sealed class CareRecipient
{
    public const int NoteLength = 500;
    private readonly List<CareContact> _contacts = [];

    public long Id { get; private set; }
    public long ResidentId { get; private set; }
    // Copied at creation (a resident does not change dwelling without leaving the registry entry): scope
    // filters join the household directly.
    public long HouseholdId { get; private set; }
    // Bits of Registry's CareTagKind: the same reasons the registry tags carry, not a second list.
    public int Reasons { get; private set; }
    public CareRisk Risk { get; private set; }
    public CareStatus Status { get; private set; }
    public DateOnly StatusSince { get; private set; }
    public CareEndReason? EndReason { get; private set; }
    // Sensitive: read only by roles that need them, each read audited.
    public string? HealthNote { get; private set; }
    public string? LivingNote { get; private set; }
    public PlanUnit PlanUnit { get; private set; }
    public int PlanEvery { get; private set; }
    public VisitorKind VisitorKind { get; private set; }
    public string? VisitorUserId { get; private set; }
    public DateTime? LastVisitAt { get; private set; }
    public DateOnly NextDueOn { get; private set; }
    // The due date the visitor was warned about / the grid leader told about: once each per due date.
    public DateOnly? WarnedFor { get; private set; }
    public DateOnly? EscalatedFor { get; private set; }
    public int NotSeenInRow { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }
    public IReadOnlyList<CareContact> Contacts => _contacts;

    private CareRecipient() { } // for EF

    public CareRecipient(long residentId, long householdId, IReadOnlyCollection<CareTagKind> reasons, CareRisk risk, DateOnly today, DateTime now)
    {
        ResidentId = residentId;
        HouseholdId = householdId;
        SetReasons(reasons);
        SetRisk(risk);
        var (unit, every) = DefaultPlan(reasons);
        PlanUnit = unit;
        PlanEvery = every;
        VisitorKind = VisitorKind.GridWorker;
        StatusSince = today;
        // A new recipient is visited soon: the first visit is due today.
        NextDueOn = today;
        CreatedAt = now;
    }

    public IReadOnlyList<CareTagKind> ReasonList => ReasonsOf(Reasons);

    public static IReadOnlyList<CareTagKind> ReasonsOf(int bits) =>
        Enum.GetValues<CareTagKind>().Where(k => (bits & Bit(k)) != 0).ToList();

    public static int Bit(CareTagKind kind) => 1 << (int)kind;

    // The plan a reason calls for, most frequent wins: those living alone or very old weekly, the rest
    // fortnightly or monthly (团结巷助老队's routine).
    public static (PlanUnit Unit, int Every) DefaultPlan(IEnumerable<CareTagKind> reasons)
    {
        var days = reasons.Select(r => r switch
        {
            CareTagKind.ElderlyAlone or CareTagKind.Elderly80Plus => 7,
            CareTagKind.EmptyNest or CareTagKind.Disability or CareTagKind.LeftBehindChild => 14,
            _ => 30,
        }).DefaultIfEmpty(30).Min();
        return days == 30 ? (PlanUnit.Months, 1) : (PlanUnit.Days, days);
    }

    public static readonly IReadOnlyDictionary<CareStatus, CareStatus[]> Moves = new Dictionary<CareStatus, CareStatus[]>
    {
        [CareStatus.Active] = [CareStatus.Paused, CareStatus.Ended],
        [CareStatus.Paused] = [CareStatus.Active, CareStatus.Ended],
        [CareStatus.Ended] = [],
    };

    public void Edit(IReadOnlyCollection<CareTagKind> reasons, CareRisk risk, string? healthNote, string? livingNote, int expectedVersion)
    {
        CheckVersion(expectedVersion);
        SetReasons(reasons);
        SetRisk(risk);
        HealthNote = Guard.OptionalText(healthNote, NoteLength, "HealthNote");
        LivingNote = Guard.OptionalText(livingNote, NoteLength, "LivingNote");
        Version++;
    }

    public void SetNotes(string? healthNote, string? livingNote)
    {
        HealthNote = Guard.OptionalText(healthNote, NoteLength, "HealthNote");
        LivingNote = Guard.OptionalText(livingNote, NoteLength, "LivingNote");
    }

    // Changing the plan moves the next due date from the last visit (or from today if never visited).
    public void Plan(PlanUnit unit, int every, VisitorKind visitor, string? visitorUserId, DateOnly today, int expectedVersion)
    {
        CheckVersion(expectedVersion);
        if (!Enum.IsDefined(unit)) throw new ValidationFailure("PlanUnit", "Validation.Invalid");
        if (!Enum.IsDefined(visitor)) throw new ValidationFailure("VisitorKind", "Validation.Invalid");
        PlanEvery = Guard.Range(every, 1, unit == PlanUnit.Days ? 90 : 3, "PlanEvery");
        PlanUnit = unit;
        VisitorKind = visitor;
        VisitorUserId = visitorUserId;
        NextDueOn = LastVisitAt is { } last ? DueAfter(BeijingDay(last)) : today;
        Version++;
    }

    public DateOnly DueAfter(DateOnly day) => PlanUnit == PlanUnit.Months ? day.AddMonths(PlanEvery) : day.AddDays(PlanEvery);

    public bool IsOverdue(DateOnly today) => Status == CareStatus.Active && NextDueOn < today;

    // Returns true when this is the second 门口未见 in a row (the grid leader must be told).
    public bool RecordVisit(VisitKind kind, DateTime at)
    {
        if (Status == CareStatus.Ended) throw new DomainException("Care.Error.Ended");
        if (kind == VisitKind.NotSeen)
        {
            // Nobody was seen: the visit is still owed, so the due date stays where it is.
            NotSeenInRow++;
            Version++;
            return NotSeenInRow == 2;
        }
        NotSeenInRow = 0;
        if (LastVisitAt is null || at > LastVisitAt) LastVisitAt = at;
        NextDueOn = DueAfter(BeijingDay(LastVisitAt.Value));
        Version++;
        return false;
    }

    public void Pause(DateOnly today, int expectedVersion) => Move(CareStatus.Paused, today, expectedVersion);

    // Back from hospital: visited the next day rather than on the old rhythm.
    public void Resume(DateOnly today, int expectedVersion)
    {
        Move(CareStatus.Active, today, expectedVersion);
        NextDueOn = today.AddDays(1);
    }

    public void End(CareEndReason reason, DateOnly today, int expectedVersion)
    {
        if (!Enum.IsDefined(reason)) throw new ValidationFailure("EndReason", "Validation.Invalid");
        Move(CareStatus.Ended, today, expectedVersion);
        EndReason = reason;
    }

    public void AddContact(string name, string relation, string phone)
    {
        if (_contacts.Count >= 3) throw new ValidationFailure("Contacts", "Care.Error.TooManyContacts", 3);
        _contacts.Add(new CareContact(name, relation, phone));
    }

    public void CheckVersion(int expectedVersion)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict();
    }

    public static DateOnly BeijingDay(DateTime utc) => DateOnly.FromDateTime(utc.AddHours(8));

    private void Move(CareStatus to, DateOnly today, int expectedVersion)
    {
        CheckVersion(expectedVersion);
        if (!Moves[Status].Contains(to)) throw new DomainException("Care.Error.Move");
        Status = to;
        StatusSince = today;
        Version++;
    }

    private void SetReasons(IReadOnlyCollection<CareTagKind> reasons)
    {
        if (reasons.Count == 0) throw new ValidationFailure("Reasons", "Care.Error.ReasonRequired");
        if (reasons.Any(r => !Enum.IsDefined(r))) throw new ValidationFailure("Reasons", "Validation.Invalid");
        Reasons = reasons.Aggregate(0, (bits, r) => bits | Bit(r));
    }

    private void SetRisk(CareRisk risk)
    {
        if (!Enum.IsDefined(risk)) throw new ValidationFailure("Risk", "Validation.Invalid");
        Risk = risk;
    }
}

// 紧急联系人. The phone is shown masked to anyone without SeeFullPhone.
public sealed class CareContact
{
    public long Id { get; private set; }
    public long RecipientId { get; private set; }
    public string Name { get; private set; } = "";
    public string Relation { get; private set; } = "";
    public string Phone { get; private set; } = "";

    private CareContact() { } // for EF

    public CareContact(string name, string relation, string phone)
    {
        Name = Guard.Text(name, 30, "ContactName");
        Relation = Guard.Text(relation, 10, "ContactRelation");
        try { Phone = PhoneNumber.Normalize(phone ?? ""); }
        catch (ValidationFailure) { throw new ValidationFailure("ContactPhone", "Validation.Phone"); }
    }
}
