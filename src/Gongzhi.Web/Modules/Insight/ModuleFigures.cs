using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Projects;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Modules.Volunteering;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Points;

namespace Gongzhi.Web.Modules.Insight;

// The day figures of every module but Requests (whose figures are kept per month: CaseFigures), recomputed whole on each
// sweep from the raw rows (a handful of columns, summed here in China days so neither provider's date functions are
// involved). Their volumes are small next to the cases' (a visit, an event, a shift is rarer than a case by orders of
// magnitude), so recomputing them whole keeps them simple; InsightSweep writes only what differs, a month at a time.
public sealed class ModuleFigures(GongzhiDb db)
{
    public readonly record struct Place(DateOnly Day, long SubdistrictId, long CommunityId, long GridId, InsightMetric Metric, long Key);

    public async Task<Dictionary<Place, long>> ComputeAsync(DateTime now, CancellationToken ct)
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
}
