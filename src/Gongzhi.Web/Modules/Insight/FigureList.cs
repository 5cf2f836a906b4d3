using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Projects;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Modules.Volunteering.Activities;

namespace Gongzhi.Web.Modules.Insight;

public sealed record FigureRow(string Title, DateTime? At, string? Href, string? Note);

public sealed record FigureListResult(InsightPlace Place, InsightPeriod Period, InsightMetric Metric, long? Key, int Total, IReadOnlyList<FigureRow> Rows);

// The rows behind one figure of a dashboard, read from the modules' own tables with the same rules as the sweep,
// so anybody can open a number and count it. Names of people are shortened (张*明): a list of who was visited or
// who is a party member is not needed to check a figure.
public sealed class FigureList(GongzhiDb db, InsightScope scope)
{
    public const int MaxRows = 500;

    public async Task<FigureListResult> RunAsync(InsightLevel level, long id, InsightPeriod period, InsightMetric metric, long? key, DateTime now, CancellationToken ct = default)
    {
        var place = await scope.PlaceAsync(level, id, ct);
        var start = WorkingTime.FromChina(period.From.ToDateTime(TimeOnly.MinValue));
        var end = WorkingTime.FromChina(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var today = DateOnly.FromDateTime(WorkingTime.ToChina(now));
        var communities = place.Level switch
        {
            InsightLevel.Subdistrict => await db.Communities.Where(c => c.SubdistrictId == place.Id).Select(c => c.Id).ToListAsync(ct),
            InsightLevel.Community => [place.Id],
            _ => [],
        };
        var rows = metric switch
        {
            >= InsightMetric.CasesByChannel and <= InsightMetric.CasesOverdue => Cases(place, start, end, metric, key, now),
            InsightMetric.Visits => Visits(place, start, end, key),
            InsightMetric.CareRecipients or InsightMetric.VisitsOverdue => Recipients(place, communities, metric == InsightMetric.VisitsOverdue, DateOnly.FromDateTime(WorkingTime.ToChina(now))),
            >= InsightMetric.EventsHeld and <= InsightMetric.EventsCancelled => Events(communities, start, end, metric == InsightMetric.EventsCancelled, key),
            InsightMetric.VolunteerMinutes or InsightMetric.VolunteerShifts => Service(communities, start, end),
            InsightMetric.PartyServiceMinutes => Service(communities, start, end, partyOnly: true),
            InsightMetric.Volunteers => db.Volunteers.AsNoTracking().Where(v => communities.Contains(v.CommunityId)).OrderBy(v => v.Id)
                .Select(v => new FigureRow(v.Name, v.CreatedAt, null, null)),
            InsightMetric.MeetingsHeld or InsightMetric.MeetingAttendees => db.Meetings.AsNoTracking()
                .Where(m => communities.Contains(m.CommunityId) && m.StartsAt >= start && m.StartsAt < end && m.StartsAt <= now).OrderBy(m => m.StartsAt)
                .Select(m => new FigureRow(m.Title, m.StartsAt, "/meetings/" + m.Id, m.Place)),
            InsightMetric.TopicsByStage => db.Topics.AsNoTracking().Where(t => communities.Contains(t.CommunityId) && (key == null || (long)t.Status == key)).OrderBy(t => t.Id)
                .Select(t => new FigureRow(t.Title, null, "/topics/" + t.Id, null)),
            InsightMetric.VotesHeld or InsightMetric.VoteElectors or InsightMetric.VoteBallots => db.Votes.AsNoTracking()
                .Where(v => v.OpensAt >= start && v.OpensAt < end).Join(db.Topics, v => v.TopicId, t => t.Id, (v, t) => new { v, t.CommunityId })
                .Where(x => communities.Contains(x.CommunityId)).OrderBy(x => x.v.OpensAt).ThenBy(x => x.v.Id)
                .Select(x => new FigureRow(x.v.Title, x.v.OpensAt, "/votes/" + x.v.Id, null)),
            InsightMetric.MilestonesLate => db.Milestones.AsNoTracking().Where(m => m.DoneAt == null && m.DueOn < today)
                .Join(db.Topics, m => m.TopicId, t => t.Id, (m, t) => new { m, t })
                .Where(x => communities.Contains(x.t.CommunityId)).OrderBy(x => x.m.DueOn).ThenBy(x => x.m.Id)
                .Select(x => new FigureRow(x.m.Title, null, "/topics/" + x.t.Id, x.t.Title)),
            InsightMetric.ProjectsFunded or InsightMetric.ProjectGrantedFen or InsightMetric.ProjectReleasedFen => (
                from g in db.Set<GrantEntry>().AsNoTracking()
                where g.At >= start && g.At < end && (metric == InsightMetric.ProjectReleasedFen ? g.Kind != GrantEntryKind.Granted : g.Kind == GrantEntryKind.Granted)
                join a in db.Set<ProjectApplication>() on g.ApplicationId equals a.Id
                join o in db.Set<Organisation>() on a.OrganisationId equals o.Id
                where communities.Contains(o.CommunityId)
                orderby g.At, g.Id
                select new FigureRow(a.Title, g.At, "/projects/applications/" + a.Id, o.Name)),
            InsightMetric.ProjectSpentFen => (
                from m in db.Set<ProjectMilestone>().AsNoTracking()
                where m.Status == MilestoneStatus.Accepted && m.ReportedAt >= start && m.ReportedAt < end
                join a in db.Set<ProjectApplication>() on m.ApplicationId equals a.Id
                join o in db.Set<Organisation>() on a.OrganisationId equals o.Id
                where communities.Contains(o.CommunityId)
                orderby m.ReportedAt, m.Id
                select new FigureRow(a.Title + " · " + m.Title, m.ReportedAt, "/projects/applications/" + a.Id, o.Name)),
            InsightMetric.NoticesPublished or InsightMetric.NoticeHouseholds or InsightMetric.NoticeReached => db.Set<Notice>().AsNoTracking()
                .Where(n => n.PublishedAt >= start && n.PublishedAt < end && (n.Status == NoticeStatus.Published || n.Status == NoticeStatus.Withdrawn))
                .Where(n => place.Level == InsightLevel.Subdistrict ? n.SubdistrictId == place.Id : n.CommunityId == place.Id)
                .OrderBy(n => n.PublishedAt).Select(n => new FigureRow(n.Title, n.PublishedAt, "/notices/" + n.Id, null)),
            InsightMetric.PartyMembers or InsightMetric.PartyReported => db.Set<PartyMember>().AsNoTracking()
                .Where(m => communities.Contains(m.CommunityId)).Where(m => metric == InsightMetric.PartyMembers
                    || (m.ReportedOn >= period.From && m.ReportedOn <= period.To)).OrderBy(m => m.Id)
                .Select(m => new FigureRow(m.Name, null, null, null)),
            _ => null,
        };
        if (rows is null) return new FigureListResult(place, period, metric, key, 0, []);
        var total = await rows.CountAsync(ct);
        var list = await rows.Take(MaxRows).ToListAsync(ct);
        if (metric is InsightMetric.CareRecipients or InsightMetric.VisitsOverdue or InsightMetric.PartyMembers or InsightMetric.PartyReported or InsightMetric.Volunteers)
            list = list.Select(r => r with { Title = Shorten(r.Title) }).ToList();
        return new FigureListResult(place, period, metric, key, total, list);
    }

    public static string Shorten(string name) => name.Length switch
    {
        <= 1 => name,
        2 => name[..1] + "*",
        _ => name[..1] + new string('*', name.Length - 2) + name[^1..],
    };

    private IQueryable<FigureRow> Cases(InsightPlace place, DateTime start, DateTime end, InsightMetric metric, long? key, DateTime now)
    {
        var cases = db.Cases.AsNoTracking().Where(c => c.SubmittedAt >= start && c.SubmittedAt < end);
        cases = place.Level switch
        {
            InsightLevel.Subdistrict => cases.Where(c => c.SubdistrictId == place.Id),
            InsightLevel.Community => cases.Where(c => c.CommunityId == place.Id),
            _ => cases.Where(c => c.GridId == place.Id),
        };
        var counted = cases.Where(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged);
        cases = metric switch
        {
            InsightMetric.CasesByChannel => key is { } ch ? cases.Where(c => (long)c.Channel == ch) : cases,
            InsightMetric.CasesByCategory => key is { } cat ? cases.Where(c => c.CategoryId == cat) : cases,
            InsightMetric.CasesByBuilding => key is { } b ? cases.Where(c => c.BuildingId == b) : cases.Where(c => c.BuildingId != null),
            InsightMetric.CasesCounted => counted,
            InsightMetric.ResponseOnTime => counted.Where(c => c.FirstContactAt != null && c.FirstContactAt <= c.RespondBy),
            InsightMetric.ResponseKnown => counted.Where(c => c.FirstContactAt != null || c.RespondBy <= now),
            InsightMetric.Resolved => cases.Where(c => (c.Status == CaseStatus.Resolved && c.ResolvedAt != null) || (c.Status == CaseStatus.Closed && c.ClosedAt != null)),
            InsightMetric.Satisfied => counted.Where(c => c.Rating == Rating.Satisfied || c.Rating == Rating.BasicallySatisfied),
            InsightMetric.Rated => counted.Where(c => c.Rating != null),
            InsightMetric.CasesOpen => cases.Where(c => c.Status == CaseStatus.Submitted || c.Status == CaseStatus.Accepted || c.Status == CaseStatus.Referred || c.Status == CaseStatus.Reopened),
            _ => cases.Where(c => (c.Status == CaseStatus.Submitted || c.Status == CaseStatus.Accepted || c.Status == CaseStatus.Referred || c.Status == CaseStatus.Reopened)
                && (c.ResolveBy < now || (c.Status == CaseStatus.Submitted && c.RespondBy < now))),
        };
        return cases.OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id)
            .Select(c => new FigureRow(c.Description, c.SubmittedAt, "/cases/" + c.Id, c.Address));
    }

    private IQueryable<FigureRow> Visits(InsightPlace place, DateTime start, DateTime end, long? key)
    {
        var visits = db.Set<Visit>().AsNoTracking().Where(v => v.At >= start && v.At < end && (key == null || (long)v.Kind == key));
        visits = place.Level switch
        {
            InsightLevel.Subdistrict => visits.Where(v => db.Grids.Any(g => g.Id == v.GridId && db.Communities.Any(c => c.Id == g.CommunityId && c.SubdistrictId == place.Id))),
            InsightLevel.Community => visits.Where(v => db.Grids.Any(g => g.Id == v.GridId && g.CommunityId == place.Id)),
            _ => visits.Where(v => v.GridId == place.Id),
        };
        return visits.OrderBy(v => v.At).Select(v => new FigureRow(v.VisitorName, v.At, "/care/recipients/" + v.RecipientId, null));
    }

    private IQueryable<FigureRow> Recipients(InsightPlace place, List<long> communities, bool late, DateOnly today)
    {
        var q = from r in db.Set<CareRecipient>().AsNoTracking()
                where r.Status == CareStatus.Active && (!late || r.NextDueOn < today)
                join h in db.Households on r.HouseholdId equals h.Id
                join g in db.Grids on h.GridId equals g.Id
                where place.Level == InsightLevel.Grid ? h.GridId == place.Id : communities.Contains(g.CommunityId)
                join p in db.Residents on r.ResidentId equals p.Id
                orderby r.NextDueOn, r.Id
                select new FigureRow(p.Name, null, "/care/recipients/" + r.Id, null);
        return q;
    }

    private IQueryable<FigureRow> Events(List<long> communities, DateTime start, DateTime end, bool cancelled, long? key) =>
        db.Events.AsNoTracking().Where(e => communities.Contains(e.CommunityId) && e.StartsAt >= start && e.StartsAt < end
                && (cancelled ? e.Status == EventStatus.Cancelled : e.Status != EventStatus.Cancelled) && (key == null || (long)e.Kind == key))
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Id)
            .Select(e => new FigureRow(e.Title, e.StartsAt, "/activities/events/" + e.Id, e.OrganiserName));

    private IQueryable<FigureRow> Service(List<long> communities, DateTime start, DateTime end, bool partyOnly = false) =>
        from s in db.ShiftSignups.AsNoTracking()
        where s.Status == SignupStatus.Confirmed && s.ConfirmedMinutes != null
        join sh in db.Shifts on s.ShiftId equals sh.Id
        where sh.StartsAt >= start && sh.StartsAt < end
        join a in db.VolunteerActivities on sh.ActivityId equals a.Id
        where communities.Contains(a.CommunityId)
        join v in db.Volunteers on s.VolunteerId equals v.Id
        where !partyOnly || db.Set<PartyMember>().Any(m => (v.UserId != null && m.UserId == v.UserId) || (v.ResidentId != null && m.ResidentId == v.ResidentId))
        orderby sh.StartsAt, s.Id
        select new FigureRow(a.Title, sh.StartsAt, "/volunteer/activities/" + a.Id, v.Name);
}
