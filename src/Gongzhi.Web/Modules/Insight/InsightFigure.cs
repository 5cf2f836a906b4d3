using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Insight;

// What a daily figure counts. The numbers are stored: never renumber one, only add.
public enum InsightMetric
{
    // Requests, per grid, in the China month the case came in (the same cohort the Requests metrics use): month rows
    // only (CaseFigures; the edges of a custom period are read from the raw cases).
    CasesByChannel = 1,   // key: Channel
    CasesByCategory = 2,  // key: category id
    CasesByBuilding = 3,  // key: building id (cases with a building)
    CasesCounted = 4,     // neither cancelled nor merged
    ResponseOnTime = 5,   // 响应率 numerator
    ResponseKnown = 6,    // 响应率 denominator
    Resolved = 7,         // 解决率 numerator (denominator: CasesCounted)
    Satisfied = 8,        // 满意率 numerator
    Rated = 9,            // 满意率 denominator
    CasesOpen = 10,       // as of the sweep
    CasesOverdue = 11,    // as of the sweep

    // Care, per grid.
    Visits = 20,          // on the day of the visit; key: VisitKind
    CareRecipients = 21,  // now (Day = Now): active recipients
    VisitsOverdue = 22,   // now: active recipients whose next visit is past due

    // Activities, per community (GridId 0), on the day the event starts.
    EventsHeld = 30,      // key: EventKind; events not cancelled
    EventPlaces = 31,     // capacity of those events
    EventAttendance = 32, // check-ins (人次)
    EventsCancelled = 33,

    // Volunteering, per community.
    VolunteerMinutes = 40, // confirmed minutes, on the shift's day
    VolunteerShifts = 41,  // confirmed shifts (人次)
    PointsEarned = 42,     // net points into volunteers' accounts by awards and their reversals, on the posting day
    PointsSpent = 43,      // net points out of volunteers' accounts by redemptions and merchant spends, less reversals
    Volunteers = 44,       // now: registered volunteers

    // Deliberation, per community.
    MeetingsHeld = 50,     // on the meeting's day
    MeetingAttendees = 51, // signed in
    TopicsByStage = 52,    // now; key: TopicStatus
    VotesHeld = 53,        // on the day the vote opened
    VoteElectors = 54,     // electors of those votes (参与率 denominator)
    VoteBallots = 55,      // ballots cast in them (参与率 numerator)
    MilestonesLate = 56,   // now: milestones of topics not done and past their date

    // Notices, per community (subdistrict-wide notices: their SubdistrictId, CommunityId 0), on the publishing day.
    NoticesPublished = 60,
    NoticeHouseholds = 61, // households the notice was for
    NoticeReached = 62,    // households that read it or were told in person

    // Projects (创投), per community of the organisation that carries the project.
    ProjectsFunded = 70,   // grants made, on the day of the grant
    ProjectGrantedFen = 71, // amount granted (fen)
    ProjectReleasedFen = 72, // released to the organisation less returned (fen), on the day of the entry
    ProjectSpentFen = 73,  // spent as reported on milestones the staff accepted (fen), on the day of the report

    // Party, per community.
    PartyMembers = 80,     // now: members
    PartyReported = 81,    // on the day a member reported to the community (报到)
    PartyServiceMinutes = 82, // confirmed volunteer minutes of party members (by account or resident), on the shift's day,
                              // in the community of the activity served
}

// One figure of one day for one place: the rollup the dashboards read, never the raw tables. Requests' figures have
// no day rows (CaseFigures): per grid and day they would be as many rows as there are cases.
// GridId 0: a figure of the community as a whole (modules that do not know grids). Day = Now: a figure of the moment.
public sealed class InsightFigure
{
    public static readonly DateOnly Now = new(2000, 1, 1);

    public DateOnly Day { get; set; }
    public long SubdistrictId { get; set; }
    public long CommunityId { get; set; }
    public long GridId { get; set; }
    public InsightMetric Metric { get; set; }
    public long Key { get; set; }
    public long Value { get; set; }
}

// The same figures summed per calendar month (Month: its first day), written by the same sweep in the same transaction
// as the days; Requests' figures are kept here only, computed per grid-month from the cases. A year of a subdistrict is then 12 rows per place and figure instead of 365; a period reads its whole
// months here and only its partial-month edges from the days. Figures of the moment (Day = Now) have no month row.
public sealed class InsightMonthFigure
{
    public DateOnly Month { get; set; }
    public long SubdistrictId { get; set; }
    public long CommunityId { get; set; }
    public long GridId { get; set; }
    public InsightMetric Metric { get; set; }
    public long Key { get; set; }
    public long Value { get; set; }
}

// One row: the last sweep, and the lease that lets one instance at a time run it.
public sealed class InsightSweepState
{
    public int Id { get; set; }
    public DateTime LeaseUntil { get; set; }
    public string? Holder { get; set; }
    public DateTime? LastRunAt { get; set; }
    public int LastChanged { get; set; }
}

internal sealed class InsightFigureConfiguration : IEntityTypeConfiguration<InsightFigure>
{
    public void Configure(EntityTypeBuilder<InsightFigure> b)
    {
        b.ToTable("InsightFigures");
        // The key leads with what every dashboard filters on (a community, a figure, a range of days).
        b.HasKey(f => new { f.CommunityId, f.Metric, f.Day, f.GridId, f.Key });
        b.HasIndex(f => new { f.SubdistrictId, f.Metric, f.Day });
        b.HasIndex(f => new { f.GridId, f.Metric, f.Day });
        // The sweep compares the stored rows a month at a time.
        b.HasIndex(f => f.Day);
    }
}

internal sealed class InsightMonthFigureConfiguration : IEntityTypeConfiguration<InsightMonthFigure>
{
    public void Configure(EntityTypeBuilder<InsightMonthFigure> b)
    {
        b.ToTable("InsightMonths");
        b.HasKey(f => new { f.CommunityId, f.Metric, f.Month, f.GridId, f.Key });
        b.HasIndex(f => new { f.SubdistrictId, f.Metric, f.Month });
        b.HasIndex(f => new { f.GridId, f.Metric, f.Month });
        b.HasIndex(f => f.Month);
    }
}

internal sealed class InsightSweepStateConfiguration : IEntityTypeConfiguration<InsightSweepState>
{
    public void Configure(EntityTypeBuilder<InsightSweepState> b)
    {
        b.ToTable("InsightSweeps");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Holder).HasMaxLength(100);
    }
}
