using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Projects;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Modules.Volunteering;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Points;

namespace Gongzhi.Web.Modules.Insight;

public sealed record SweepOutcome(bool Ran, int Figures, int Changed);

// Keeps InsightFigures (per day) and InsightMonths (the same per month) equal to what the raw tables say. Each run recomputes every figure from the raw rows
// (streamed, a handful of columns, summed here in China days so neither provider's date functions are involved),
// sums the days into months, compares both with the stored rows and writes only the difference, days and months in one
// transaction (so a month row always equals the sum of its day rows). That makes it idempotent —
// a second run with nothing changed writes nothing, a run that dies leaves the previous figures whole — and safe on
// several instances: a lease row claimed by a conditional UPDATE lets one run at a time, and even two runs at once
// would compute the same numbers (the loser's insert meets the primary key and rolls back).
// Why a sweep and not updates in the same transaction as each change: Insight may read every module, but no module
// may know Insight, and a case's rates change with the clock (a case becomes overdue without anyone touching it).
public sealed class InsightSweep(GongzhiDb db, TimeProvider clock, ILogger<InsightSweep> log)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    private readonly record struct Place(DateOnly Day, long SubdistrictId, long CommunityId, long GridId, InsightMetric Metric, long Key);

    public async Task<SweepOutcome> RunAsync(DateTime now, CancellationToken ct = default)
    {
        var holder = Guid.NewGuid().ToString("N");
        if (!await ClaimAsync(holder, ct)) return new SweepOutcome(false, 0, 0);
        try
        {
            var figures = await ComputeAsync(now, ct);
            var count = figures.Count;
            var changed = await ApplyAsync(figures, MonthsOf(figures), ct);
            await db.Set<InsightSweepState>().Where(s => s.Id == 1 && s.Holder == holder).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.LastRunAt, now).SetProperty(x => x.LastChanged, changed)
                .SetProperty(x => x.LeaseUntil, DateTime.UnixEpoch).SetProperty(x => x.Holder, (string?)null), ct);
            if (changed > 0) log.LogInformation("Insight sweep: {Changed} daily and monthly figures changed ({Figures} daily)", changed, count);
            return new SweepOutcome(true, count, changed);
        }
        catch
        {
            await db.Set<InsightSweepState>().Where(s => s.Id == 1 && s.Holder == holder)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseUntil, DateTime.UnixEpoch).SetProperty(x => x.Holder, (string?)null), CancellationToken.None);
            throw;
        }
    }

    private async Task<bool> ClaimAsync(string holder, CancellationToken ct)
    {
        var wall = clock.GetUtcNow().UtcDateTime;
        if (!await db.Set<InsightSweepState>().AnyAsync(s => s.Id == 1, ct))
        {
            db.Set<InsightSweepState>().Add(new InsightSweepState { Id = 1, LeaseUntil = DateTime.UnixEpoch });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // Another instance made the row first.
            }
            db.ChangeTracker.Clear();
        }
        var until = wall + Lease;
        return await db.Set<InsightSweepState>().Where(s => s.Id == 1 && s.LeaseUntil < wall)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseUntil, until).SetProperty(x => x.Holder, holder), ct) == 1;
    }

    public async Task<Dictionary<(DateOnly, long, long, long, InsightMetric, long), long>> ComputeForTestsAsync(DateTime now, CancellationToken ct = default) =>
        (await ComputeAsync(now, ct)).ToDictionary(p => (p.Key.Day, p.Key.SubdistrictId, p.Key.CommunityId, p.Key.GridId, p.Key.Metric, p.Key.Key), p => p.Value);

    private async Task<Dictionary<Place, long>> ComputeAsync(DateTime now, CancellationToken ct)
    {
        var sums = new Dictionary<Place, long>();
        var grids = await db.Grids.AsNoTracking().Join(db.Communities, g => g.CommunityId, c => c.Id, (g, c) => new { g.Id, g.CommunityId, c.SubdistrictId })
            .ToDictionaryAsync(g => g.Id, g => (g.CommunityId, g.SubdistrictId), ct);
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.SubdistrictId, ct);
        var today = DateOnly.FromDateTime(WorkingTime.ToChina(now));

        void Add(DateOnly day, long communityId, long gridId, InsightMetric metric, long key, long value)
        {
            if (value == 0) return;
            var place = new Place(day, communities.GetValueOrDefault(communityId), communityId, gridId, metric, key);
            sums[place] = sums.GetValueOrDefault(place) + value;
        }
        void AddGrid(DateOnly day, long gridId, InsightMetric metric, long key, long value)
        {
            if (value == 0 || !grids.TryGetValue(gridId, out var g)) return;
            var place = new Place(day, g.SubdistrictId, g.CommunityId, gridId, metric, key);
            sums[place] = sums.GetValueOrDefault(place) + value;
        }
        static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(WorkingTime.ToChina(utc));

        // Requests: the same definitions as Requests' CaseMetrics, counted per case and day of intake.
        await foreach (var c in db.Cases.AsNoTracking().Select(c => new
        {
            c.SubmittedAt, c.GridId, c.Channel, c.CategoryId, c.BuildingId, c.Status, c.RespondBy, c.ResolveBy,
            c.FirstContactAt, c.ResolvedAt, c.ClosedAt, c.Rating,
        }).AsAsyncEnumerable().WithCancellation(ct))
        {
            var day = Day(c.SubmittedAt);
            AddGrid(day, c.GridId, InsightMetric.CasesByChannel, (long)c.Channel, 1);
            AddGrid(day, c.GridId, InsightMetric.CasesByCategory, c.CategoryId, 1);
            if (c.BuildingId is { } b) AddGrid(day, c.GridId, InsightMetric.CasesByBuilding, b, 1);
            var open = c.Status is CaseStatus.Submitted or CaseStatus.Accepted or CaseStatus.Referred or CaseStatus.Reopened;
            AddGrid(day, c.GridId, InsightMetric.CasesOpen, 0, open ? 1 : 0);
            AddGrid(day, c.GridId, InsightMetric.CasesOverdue, 0, open && (c.ResolveBy < now || (c.Status == CaseStatus.Submitted && c.RespondBy < now)) ? 1 : 0);
            AddGrid(day, c.GridId, InsightMetric.Resolved, 0,
                (c.Status == CaseStatus.Resolved && c.ResolvedAt != null) || (c.Status == CaseStatus.Closed && c.ClosedAt != null) ? 1 : 0);
            if (c.Status is CaseStatus.Cancelled or CaseStatus.Merged) continue;
            AddGrid(day, c.GridId, InsightMetric.CasesCounted, 0, 1);
            AddGrid(day, c.GridId, InsightMetric.ResponseOnTime, 0, c.FirstContactAt != null && c.FirstContactAt <= c.RespondBy ? 1 : 0);
            AddGrid(day, c.GridId, InsightMetric.ResponseKnown, 0, c.FirstContactAt != null || c.RespondBy <= now ? 1 : 0);
            AddGrid(day, c.GridId, InsightMetric.Satisfied, 0, c.Rating is Rating.Satisfied or Rating.BasicallySatisfied ? 1 : 0);
            AddGrid(day, c.GridId, InsightMetric.Rated, 0, c.Rating != null ? 1 : 0);
        }

        // Care.
        await foreach (var v in db.Set<Visit>().AsNoTracking().Select(v => new { v.At, v.GridId, v.Kind }).AsAsyncEnumerable().WithCancellation(ct))
            AddGrid(Day(v.At), v.GridId, InsightMetric.Visits, (long)v.Kind, 1);
        var recipients = await db.Set<CareRecipient>().AsNoTracking().Where(r => r.Status == CareStatus.Active)
            .Join(db.Households, r => r.HouseholdId, h => h.Id, (r, h) => new { h.GridId, Late = r.NextDueOn < today })
            .GroupBy(r => new { r.GridId, r.Late }).Select(g => new { g.Key.GridId, g.Key.Late, Count = g.Count() }).ToListAsync(ct);
        foreach (var r in recipients)
        {
            AddGrid(InsightFigure.Now, r.GridId, InsightMetric.CareRecipients, 0, r.Count);
            if (r.Late) AddGrid(InsightFigure.Now, r.GridId, InsightMetric.VisitsOverdue, 0, r.Count);
        }

        // Activities: an event counts on the day it starts; attendance is check-ins, one per person and session.
        var attendance = await db.CheckIns.AsNoTracking().Join(db.Registrations, c => c.RegistrationId, r => r.Id, (c, r) => r.EventId)
            .GroupBy(e => e).Select(g => new { EventId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.EventId, g => g.Count, ct);
        await foreach (var e in db.Events.AsNoTracking().Select(e => new { e.Id, e.CommunityId, e.StartsAt, e.Kind, e.Status, e.Capacity }).AsAsyncEnumerable().WithCancellation(ct))
        {
            var day = Day(e.StartsAt);
            if (e.Status == EventStatus.Cancelled)
            {
                Add(day, e.CommunityId, 0, InsightMetric.EventsCancelled, 0, 1);
                continue;
            }
            Add(day, e.CommunityId, 0, InsightMetric.EventsHeld, (long)e.Kind, 1);
            Add(day, e.CommunityId, 0, InsightMetric.EventPlaces, 0, e.Capacity);
            Add(day, e.CommunityId, 0, InsightMetric.EventAttendance, 0, attendance.GetValueOrDefault(e.Id));
        }

        // Volunteering: confirmed service on the shift's day; party members' share of it (党员服务时长), a volunteer
        // being a member when their account or their resident record is one (as Party's ServiceFigures matches them).
        var members = await db.Set<PartyMember>().AsNoTracking().Select(m => new { m.UserId, m.ResidentId }).ToListAsync(ct);
        var memberUsers = members.Where(m => m.UserId != null).Select(m => m.UserId!).ToHashSet(StringComparer.Ordinal);
        var memberResidents = members.Where(m => m.ResidentId != null).Select(m => m.ResidentId!.Value).ToHashSet();
        var service = from s in db.ShiftSignups.AsNoTracking()
                      where s.Status == SignupStatus.Confirmed && s.ConfirmedMinutes != null
                      join sh in db.Shifts on s.ShiftId equals sh.Id
                      join a in db.VolunteerActivities on sh.ActivityId equals a.Id
                      join v in db.Volunteers on s.VolunteerId equals v.Id
                      select new { a.CommunityId, sh.StartsAt, Minutes = s.ConfirmedMinutes!.Value, v.UserId, v.ResidentId };
        await foreach (var s in service.AsAsyncEnumerable().WithCancellation(ct))
        {
            Add(Day(s.StartsAt), s.CommunityId, 0, InsightMetric.VolunteerMinutes, 0, s.Minutes);
            Add(Day(s.StartsAt), s.CommunityId, 0, InsightMetric.VolunteerShifts, 0, 1);
            if ((s.UserId != null && memberUsers.Contains(s.UserId)) || (s.ResidentId is { } r && memberResidents.Contains(r)))
                Add(Day(s.StartsAt), s.CommunityId, 0, InsightMetric.PartyServiceMinutes, 0, s.Minutes);
        }
        foreach (var v in await db.Volunteers.AsNoTracking().GroupBy(v => v.CommunityId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            Add(InsightFigure.Now, v.Key, 0, InsightMetric.Volunteers, 0, v.Count);
        var points = from e in db.PointsEntries.AsNoTracking()
                     join a in db.PointsAccounts on e.AccountId equals a.Id
                     where a.Kind == AccountKind.Volunteer
                     join v in db.Volunteers on a.VolunteerId equals v.Id
                     join t in db.PointsTransactions on e.TransactionId equals t.Id
                     from o in db.PointsTransactions.Where(o => o.Id == t.ReversesId).DefaultIfEmpty()
                     select new { v.CommunityId, e.Amount, e.CreatedAt, t.Kind, Reverses = (TransactionKind?)o.Kind };
        await foreach (var p in points.AsAsyncEnumerable().WithCancellation(ct))
        {
            var kind = p.Kind == TransactionKind.Reversal ? p.Reverses : p.Kind;
            if (kind is TransactionKind.HoursAward or TransactionKind.ActivityAward or TransactionKind.HonourAward or TransactionKind.Discretionary)
                Add(Day(p.CreatedAt), p.CommunityId, 0, InsightMetric.PointsEarned, 0, p.Amount);
            else if (kind is TransactionKind.Redemption or TransactionKind.MerchantSpend)
                Add(Day(p.CreatedAt), p.CommunityId, 0, InsightMetric.PointsSpent, 0, -p.Amount);
        }

        // Deliberation: a meeting counts once its time has come.
        var signedIn = await db.MeetingAttendees.AsNoTracking().Where(a => a.SignedInAt != null)
            .GroupBy(a => a.MeetingId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        foreach (var m in await db.Meetings.AsNoTracking().Where(m => m.StartsAt <= now).Select(m => new { m.Id, m.CommunityId, m.StartsAt }).ToListAsync(ct))
        {
            Add(Day(m.StartsAt), m.CommunityId, 0, InsightMetric.MeetingsHeld, 0, 1);
            Add(Day(m.StartsAt), m.CommunityId, 0, InsightMetric.MeetingAttendees, 0, signedIn.GetValueOrDefault(m.Id));
        }
        foreach (var t in await db.Topics.AsNoTracking().GroupBy(t => new { t.CommunityId, t.Status }).Select(g => new { g.Key.CommunityId, g.Key.Status, Count = g.Count() }).ToListAsync(ct))
            Add(InsightFigure.Now, t.CommunityId, 0, InsightMetric.TopicsByStage, (long)t.Status, t.Count);

        // Votes: counted on the day they open, with the ballots cast so far; milestones late as of today.
        var ballots = await db.Ballots.AsNoTracking().GroupBy(b => b.VoteId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        foreach (var v in await db.Votes.AsNoTracking().Join(db.Topics, v => v.TopicId, t => t.Id, (v, t) => new { v.Id, t.CommunityId, v.OpensAt, v.Electors }).ToListAsync(ct))
        {
            Add(Day(v.OpensAt), v.CommunityId, 0, InsightMetric.VotesHeld, 0, 1);
            Add(Day(v.OpensAt), v.CommunityId, 0, InsightMetric.VoteElectors, 0, v.Electors);
            Add(Day(v.OpensAt), v.CommunityId, 0, InsightMetric.VoteBallots, 0, ballots.GetValueOrDefault(v.Id));
        }
        foreach (var m in await db.Milestones.AsNoTracking().Where(m => m.DoneAt == null && m.DueOn < today)
            .Join(db.Topics, m => m.TopicId, t => t.Id, (m, t) => t.CommunityId).GroupBy(c => c).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            Add(InsightFigure.Now, m.Key, 0, InsightMetric.MilestonesLate, 0, m.Count);

        // Projects: the grants ledger as Projects keeps it, and the spending on accepted milestone reports.
        var grants = from g in db.Set<GrantEntry>().AsNoTracking()
                     join a in db.Set<ProjectApplication>() on g.ApplicationId equals a.Id
                     join o in db.Set<Organisation>() on a.OrganisationId equals o.Id
                     select new { o.CommunityId, g.Kind, g.AmountFen, g.At };
        foreach (var g in await grants.ToListAsync(ct))
        {
            if (g.Kind == GrantEntryKind.Granted)
            {
                Add(Day(g.At), g.CommunityId, 0, InsightMetric.ProjectsFunded, 0, 1);
                Add(Day(g.At), g.CommunityId, 0, InsightMetric.ProjectGrantedFen, 0, g.AmountFen);
            }
            else Add(Day(g.At), g.CommunityId, 0, InsightMetric.ProjectReleasedFen, 0, g.Kind == GrantEntryKind.Released ? g.AmountFen : -g.AmountFen);
        }
        var spent = from m in db.Set<ProjectMilestone>().AsNoTracking()
                    where m.Status == MilestoneStatus.Accepted && m.ReportedAt != null
                    join a in db.Set<ProjectApplication>() on m.ApplicationId equals a.Id
                    join o in db.Set<Organisation>() on a.OrganisationId equals o.Id
                    select new { o.CommunityId, m.SpentFen, ReportedAt = m.ReportedAt!.Value };
        foreach (var m in await spent.ToListAsync(ct))
            Add(Day(m.ReportedAt), m.CommunityId, 0, InsightMetric.ProjectSpentFen, 0, m.SpentFen);

        // Notices: reach as the Notices module reads it (a household once, read by any member or told in person).
        var notices = await db.Set<Notice>().AsNoTracking().Where(n => n.PublishedAt != null && (n.Status == NoticeStatus.Published || n.Status == NoticeStatus.Withdrawn))
            .Select(n => new
            {
                n.SubdistrictId, n.CommunityId, PublishedAt = n.PublishedAt!.Value,
                Households = db.Set<NoticeRecipient>().Count(r => r.NoticeId == n.Id),
                Reached = db.Set<NoticeRecipient>().Count(r => r.NoticeId == n.Id
                    && (r.ToldAt != null || db.Set<NoticeRead>().Any(x => x.NoticeId == n.Id && x.HouseholdId == r.HouseholdId))),
            }).ToListAsync(ct);
        foreach (var n in notices)
        {
            var place = (Day(n.PublishedAt), n.CommunityId ?? 0);
            void AddNotice(InsightMetric metric, long value)
            {
                if (value == 0) return;
                var key = new Place(place.Item1, n.SubdistrictId, place.Item2, 0, metric, 0);
                sums[key] = sums.GetValueOrDefault(key) + value;
            }
            AddNotice(InsightMetric.NoticesPublished, 1);
            AddNotice(InsightMetric.NoticeHouseholds, n.Households);
            AddNotice(InsightMetric.NoticeReached, n.Reached);
        }

        // Party.
        foreach (var m in await db.Set<PartyMember>().AsNoTracking().Select(m => new { m.CommunityId, m.ReportedOn }).ToListAsync(ct))
        {
            Add(InsightFigure.Now, m.CommunityId, 0, InsightMetric.PartyMembers, 0, 1);
            if (m.ReportedOn is { } on) Add(on, m.CommunityId, 0, InsightMetric.PartyReported, 0, 1);
        }
        return sums;
    }

    // The days summed per calendar month; figures of the moment stay out.
    private static Dictionary<Place, long> MonthsOf(Dictionary<Place, long> days)
    {
        var months = new Dictionary<Place, long>();
        foreach (var (p, value) in days)
        {
            if (p.Day == InsightFigure.Now) continue;
            var month = p with { Day = new DateOnly(p.Day.Year, p.Day.Month, 1) };
            months[month] = months.GetValueOrDefault(month) + value;
        }
        foreach (var (p, value) in months.Where(m => m.Value == 0).ToList()) months.Remove(p);
        return months;
    }

    private async Task<int> ApplyAsync(Dictionary<Place, long> days, Dictionary<Place, long> months, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = 0;
        var daySet = db.Set<InsightFigure>();
        foreach (var f in await daySet.ToListAsync(ct))
        {
            if (days.Remove(new Place(f.Day, f.SubdistrictId, f.CommunityId, f.GridId, f.Metric, f.Key), out var value))
            {
                if (f.Value == value) continue;
                f.Value = value;
            }
            else daySet.Remove(f);
            changed++;
        }
        foreach (var (p, value) in days)
        {
            daySet.Add(new InsightFigure { Day = p.Day, SubdistrictId = p.SubdistrictId, CommunityId = p.CommunityId, GridId = p.GridId, Metric = p.Metric, Key = p.Key, Value = value });
            changed++;
        }
        var monthSet = db.Set<InsightMonthFigure>();
        foreach (var f in await monthSet.ToListAsync(ct))
        {
            if (months.Remove(new Place(f.Month, f.SubdistrictId, f.CommunityId, f.GridId, f.Metric, f.Key), out var value))
            {
                if (f.Value == value) continue;
                f.Value = value;
            }
            else monthSet.Remove(f);
            changed++;
        }
        foreach (var (p, value) in months)
        {
            monthSet.Add(new InsightMonthFigure { Month = p.Day, SubdistrictId = p.SubdistrictId, CommunityId = p.CommunityId, GridId = p.GridId, Metric = p.Metric, Key = p.Key, Value = value });
            changed++;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return changed;
    }
}

public sealed class InsightSweepWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<InsightSweepWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Insight:SweepSeconds", 300);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<InsightSweep>().RunAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Insight sweep failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
