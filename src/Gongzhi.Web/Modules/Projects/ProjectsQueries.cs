using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Activities.Events;
using Gongzhi.Web.Modules.Volunteering;
using Gongzhi.Web.Modules.Volunteering.Activities;

namespace Gongzhi.Web.Modules.Projects;

// A milestone report waiting for the call's staff to accept or return it (the /work list).
public sealed record ReportToAccept(long ApplicationId, string Project, int Order, string Milestone, DateTime? ReportedAt);

public sealed record CallRow(long Id, string Title, CallStatus Status, long? CommunityId, long TotalBudgetFen, long CommittedFen, DateTime OpensAt, DateTime ClosesAt, int Applications);
public sealed record CriterionView(long Id, string Name, int Weight);
public sealed record CallView(long Id, string Title, string? Description, CallStatus Status, long? CommunityId, long TotalBudgetFen, long MaxPerProjectFen,
    long CommittedFen, IReadOnlyList<OrgField> Fields, OrgStage MinStage, DateTime OpensAt, DateTime ClosesAt, bool HasGuide, string? GuideFileName,
    IReadOnlyList<CriterionView> Criteria, IReadOnlyList<string> Panel, bool Manages, bool OnPanel, int MissingScores, int Version);
// A row of the ranking. Mean is the weighted mean of the reviewers' scores (0–100, two decimals); ties
// are broken by the mean on the heaviest criterion, then by the earlier submission.
public sealed record RankRow(int Rank, long ApplicationId, string Title, string Organisation, long RequestedFen, decimal? Mean, decimal? TieBreak, int Reviews, int Conflicts,
    ApplicationStatus Status, FundingDecision? Decision, long GrantedFen, DateTime? SubmittedAt, int Version);
public sealed record SheetRow(long ApplicationId, string Title, string Organisation, long RequestedFen, bool Reviewed, int? MyWeighted);
public sealed record LineView(long Id, string Category, long AmountFen, string? Note, long SpentFen);
public sealed record FileView(long Id, ProjectFileKind Kind, string ContentType);
public sealed record MilestoneView(long Id, int Order, string Title, DateOnly DueOn, MilestoneStatus Status, string? Report, int Reached, long SpentFen,
    DateTime? ReportedAt, string? ReviewNote, IReadOnlyList<FileView> Files, int Version);
public sealed record ReviewView(string Reviewer, bool Conflict, decimal? Weighted, string? Comment, IReadOnlyList<int> Scores);
public sealed record LedgerRow(long Id, long ApplicationId, string Project, GrantEntryKind Kind, long AmountFen, long? MilestoneId, string? Note, DateTime At);
public sealed record ApplicationView(long Id, long CallId, string CallTitle, CallStatus CallStatus, long OrganisationId, string Organisation, string Title, string? Problem,
    string? Beneficiaries, int BeneficiaryCount, string? Activities, string? Team, long RequestedFen, long MaxPerProjectFen, ApplicationStatus Status,
    FundingDecision? Decision, long GrantedFen, string? DecisionReason, long ReleasedFen, long ReturnedFen, string? FinalReport, int? EvaluationScore,
    DateTime? SubmittedAt, DateTime ClosesAt, string Seat, IReadOnlyList<LineView> Lines, IReadOnlyList<MilestoneView> Milestones,
    IReadOnlyList<CriterionView> Criteria, IReadOnlyList<ReviewView> Reviews, IReadOnlyList<LedgerRow> Ledger, int Version);
public sealed record OrgRow(long Id, string Name, OrgField Field, OrgStage Stage, string? Station, string LeaderName, long CommunityId, int Version);
public sealed record OrgEvent(long Id, string Title, DateTime StartsAt);
public sealed record OrgProject(long Id, string Title, string Call, ApplicationStatus Status, long GrantedFen);
public sealed record OrgView(long Id, string Name, OrgField Field, OrgStage Stage, string? Station, string? Description, string LeaderName, string Community,
    DateOnly SeedlingSince, DateOnly? IncubatingSince, DateOnly? RegisteredOn, string? RegistrationNumber, IReadOnlyList<string> Members,
    IReadOnlyList<OrgProject> Projects, IReadOnlyList<OrgEvent> Events, int VolunteerMinutes, IReadOnlyList<(int Year, OrgRating Rating, string? Note)> Reviews,
    bool CanEdit, bool CanManage, int Version);

public sealed class ProjectsQueries(GongzhiDb db, ProjectsAccess access, CallCommands calls)
{
    public async Task<List<ReportToAccept>> ReportsToAcceptAsync(CancellationToken ct = default)
    {
        if (!access.IsStaff) return [];
        var communities = (await access.ManagedCommunitiesAsync(ct)).ToList();
        var subdistricts = (await access.ManagedSubdistrictsAsync(ct)).ToList();
        return await (from m in db.Set<ProjectMilestone>()
                      join a in db.Set<ProjectApplication>() on m.ApplicationId equals a.Id
                      join c in db.Set<ProjectCall>() on a.CallId equals c.Id
                      where m.Status == MilestoneStatus.Reported
                            && (c.CommunityId != null ? communities.Contains(c.CommunityId.Value) : subdistricts.Contains(c.SubdistrictId))
                      orderby m.ReportedAt
                      select new ReportToAccept(a.Id, a.Title, m.Order, m.Title, m.ReportedAt)).Take(50).ToListAsync(ct);
    }

    private IQueryable<ProjectCall> Calls => db.Set<ProjectCall>().AsNoTracking();

    // The calls on the caller's desk: those they run, those whose panel they sit on, and the open ones.
    public async Task<List<CallRow>> CallsAsync(CancellationToken ct = default)
    {
        var communities = (await access.ManagedCommunitiesAsync(ct)).Select(c => (long?)c).ToList();
        var subdistricts = (await access.ManagedSubdistrictsAsync(ct)).ToList();
        var me = access.User.Id ?? "";
        var panels = db.Set<CallReviewer>().Where(r => r.UserId == me).Select(r => r.CallId);
        return await Calls
            .Where(c => communities.Contains(c.CommunityId) || (c.CommunityId == null && subdistricts.Contains(c.SubdistrictId)) || panels.Contains(c.Id) || c.Status != CallStatus.Draft)
            .OrderByDescending(c => c.Id)
            .Select(c => new CallRow(c.Id, c.Title, c.Status, c.CommunityId, c.TotalBudgetFen, c.CommittedFen, c.OpensAt, c.ClosesAt,
                db.Set<ProjectApplication>().Count(a => a.CallId == c.Id && a.Status != ApplicationStatus.Draft)))
            .Take(100).ToListAsync(ct);
    }

    public async Task<CallView> CallAsync(long id, CancellationToken ct = default)
    {
        var call = await access.CallAsync(id, ct);
        var criteria = await Criteria(id).ToListAsync(ct);
        var panel = await db.Set<CallReviewer>().Where(r => r.CallId == id).OrderBy(r => r.Name).Select(r => r.Name).ToListAsync(ct);
        var manages = await access.ManagesCallAsync(call, ct);
        var onPanel = await access.SitsOnPanelAsync(id, ct);
        var missing = call.Status == CallStatus.Reviewing && (manages || onPanel) ? await calls.MissingScoresAsync(id, ct) : 0;
        return new CallView(call.Id, call.Title, call.Description, call.Status, call.CommunityId, call.TotalBudgetFen, call.MaxPerProjectFen, call.CommittedFen,
            call.FieldList, call.MinStage, call.OpensAt, call.ClosesAt, call.GuideStoredName is not null, call.GuideFileName, criteria,
            manages || onPanel ? panel : [], manages, onPanel, missing, call.Version);
    }

    private IQueryable<CriterionView> Criteria(long callId) =>
        db.Set<CallCriterion>().Where(c => c.CallId == callId).OrderBy(c => c.Order).Select(c => new CriterionView(c.Id, c.Name, c.Weight));

    // The ranking, for the call's owner once the review is closed (before that only the progress shows),
    // and for the panel from then on too.
    public async Task<List<RankRow>> RankingAsync(long callId, CancellationToken ct = default)
    {
        var call = await access.CallAsync(callId, ct);
        var manages = await access.ManagesCallAsync(call, ct);
        if (!manages && !await access.SitsOnPanelAsync(callId, ct)) throw new NotFound();
        var revealed = call.Status >= CallStatus.Deciding;
        var apps = await (from a in db.Set<ProjectApplication>().AsNoTracking()
                          join o in db.Set<Organisation>() on a.OrganisationId equals o.Id
                          where a.CallId == callId && a.Status != ApplicationStatus.Draft
                          select new { a.Id, a.Title, Org = o.Name, a.RequestedFen, a.Status, a.Decision, a.GrantedFen, a.SubmittedAt, a.Version }).ToListAsync(ct);
        var reviews = await (from r in db.Set<Review>().AsNoTracking()
                             join a in db.Set<ProjectApplication>() on r.ApplicationId equals a.Id
                             where a.CallId == callId
                             select new { r.Id, r.ApplicationId, r.Conflict, r.WeightedHundredths }).ToListAsync(ct);
        var heaviest = await db.Set<CallCriterion>().Where(c => c.CallId == callId).OrderByDescending(c => c.Weight).ThenBy(c => c.Order).Select(c => c.Id).FirstAsync(ct);
        var tieScores = await (from s in db.Set<ReviewScore>()
                               join r in db.Set<Review>() on s.ReviewId equals r.Id
                               join a in db.Set<ProjectApplication>() on r.ApplicationId equals a.Id
                               where a.CallId == callId && s.CriterionId == heaviest
                               select new { r.ApplicationId, s.Score }).ToListAsync(ct);
        var rows = apps.Select(a =>
        {
            var scored = reviews.Where(r => r.ApplicationId == a.Id && !r.Conflict).ToList();
            var tie = tieScores.Where(t => t.ApplicationId == a.Id).ToList();
            decimal? mean = revealed && scored.Count > 0 ? Math.Round(scored.Sum(r => (decimal)r.WeightedHundredths) / scored.Count / 100m, 2) : null;
            decimal? tieBreak = revealed && tie.Count > 0 ? Math.Round(tie.Sum(t => (decimal)t.Score) / tie.Count, 2) : null;
            return new { a, mean, tieBreak, Reviews = scored.Count, Conflicts = reviews.Count(r => r.ApplicationId == a.Id && r.Conflict) };
        })
            .OrderByDescending(x => x.mean ?? -1).ThenByDescending(x => x.tieBreak ?? -1).ThenBy(x => x.a.SubmittedAt).ThenBy(x => x.a.Id)
            .ToList();
        return rows.Select((x, i) => new RankRow(i + 1, x.a.Id, x.a.Title, x.a.Org, x.a.RequestedFen, x.mean, x.tieBreak, x.Reviews, x.Conflicts,
            x.a.Status, x.a.Decision, x.a.GrantedFen, x.a.SubmittedAt, x.a.Version)).ToList();
    }

    // A reviewer's sheet: the applications they may see (not those they declined), and whether they scored each.
    public async Task<List<SheetRow>> SheetAsync(long callId, CancellationToken ct = default)
    {
        await access.CallAsync(callId, ct);
        if (!await access.SitsOnPanelAsync(callId, ct)) throw new NotFound();
        var me = access.User.RequiredId;
        return await (from a in db.Set<ProjectApplication>().AsNoTracking()
                      join o in db.Set<Organisation>() on a.OrganisationId equals o.Id
                      where a.CallId == callId && a.Status != ApplicationStatus.Draft
                            && !db.Set<Review>().Any(r => r.ApplicationId == a.Id && r.ReviewerUserId == me && r.Conflict)
                      orderby a.Id
                      select new SheetRow(a.Id, a.Title, o.Name, a.RequestedFen,
                          db.Set<Review>().Any(r => r.ApplicationId == a.Id && r.ReviewerUserId == me),
                          db.Set<Review>().Where(r => r.ApplicationId == a.Id && r.ReviewerUserId == me).Select(r => (int?)r.WeightedHundredths).FirstOrDefault()))
            .ToListAsync(ct);
    }

    public async Task<ApplicationView> ApplicationAsync(long id, CancellationToken ct = default)
    {
        var (app, call, seat) = await access.ApplicationAsync(id, ct: ct);
        var org = await db.Set<Organisation>().AsNoTracking().Where(o => o.Id == app.OrganisationId).Select(o => o.Name).FirstAsync(ct);
        var criteria = await Criteria(call.Id).ToListAsync(ct);
        var reviews = new List<ReviewView>();
        var me = access.User.RequiredId;
        // A reviewer sees their own word until the review closes; everybody's from then on. The applicant sees none.
        if (seat != ProjectsAccess.Seat.Applicant)
        {
            var showAll = call.Status >= CallStatus.Deciding;
            var rows = await (from r in db.Set<Review>().AsNoTracking()
                              join p in db.Set<CallReviewer>() on new { CallId = call.Id, UserId = r.ReviewerUserId } equals new { p.CallId, p.UserId }
                              where r.ApplicationId == id && (showAll || r.ReviewerUserId == me)
                              orderby p.Name
                              select new { r.Id, p.Name, r.Conflict, r.WeightedHundredths, r.Comment }).ToListAsync(ct);
            var ids = rows.Select(r => r.Id).ToList();
            var scores = await db.Set<ReviewScore>().Where(s => ids.Contains(s.ReviewId)).ToListAsync(ct);
            reviews = rows.Select(r => new ReviewView(r.Name, r.Conflict, r.Conflict ? null : r.WeightedHundredths / 100m, r.Comment,
                criteria.Select(c => scores.FirstOrDefault(s => s.ReviewId == r.Id && s.CriterionId == c.Id)?.Score ?? 0).ToList())).ToList();
        }
        var spends = await (from s in db.Set<MilestoneSpend>() join l in db.Set<BudgetLine>() on s.BudgetLineId equals l.Id where l.ApplicationId == id select s).ToListAsync(ct);
        var lines = await db.Set<BudgetLine>().AsNoTracking().Where(l => l.ApplicationId == id).OrderBy(l => l.Order).ToListAsync(ct);
        var milestones = await MilestonesAsync(id, ct);
        var ledger = seat == ProjectsAccess.Seat.Reviewer ? [] : await LedgerQuery(db.Set<GrantEntry>().Where(g => g.ApplicationId == id)).ToListAsync(ct);
        return new ApplicationView(app.Id, call.Id, call.Title, call.Status, app.OrganisationId, org, app.Title, app.Problem, app.Beneficiaries, app.BeneficiaryCount,
            app.Activities, app.Team, app.RequestedFen, call.MaxPerProjectFen, app.Status, app.Decision, app.GrantedFen, app.DecisionReason, app.ReleasedFen, app.ReturnedFen,
            app.FinalReport, app.EvaluationScore, app.SubmittedAt, call.ClosesAt, seat.ToString(),
            lines.Select(l => new LineView(l.Id, l.Category, l.AmountFen, l.Note, spends.Where(s => s.BudgetLineId == l.Id).Sum(s => s.AmountFen))).ToList(),
            milestones, criteria, reviews, ledger, app.Version);
    }

    internal async Task<List<MilestoneView>> MilestonesAsync(long applicationId, CancellationToken ct)
    {
        var milestones = await db.Set<ProjectMilestone>().AsNoTracking().Where(m => m.ApplicationId == applicationId).OrderBy(m => m.Order).ToListAsync(ct);
        var ids = milestones.Select(m => m.Id).ToList();
        var files = await db.Set<ProjectFile>().AsNoTracking().Where(f => ids.Contains(f.MilestoneId)).OrderBy(f => f.Id).ToListAsync(ct);
        return milestones.Select(m => new MilestoneView(m.Id, m.Order, m.Title, m.DueOn, m.Status, m.Report, m.Reached, m.SpentFen, m.ReportedAt, m.ReviewNote,
            files.Where(f => f.MilestoneId == m.Id).Select(f => new FileView(f.Id, f.Kind, f.ContentType)).ToList(), m.Version)).ToList();
    }

    private IQueryable<LedgerRow> LedgerQuery(IQueryable<GrantEntry> entries) =>
        from g in entries.AsNoTracking()
        join a in db.Set<ProjectApplication>() on g.ApplicationId equals a.Id
        orderby g.At, g.Id
        select new LedgerRow(g.Id, g.ApplicationId, a.Title, g.Kind, g.AmountFen, g.MilestoneId, g.Note, g.At);

    public async Task<List<LedgerRow>> LedgerAsync(long callId, CancellationToken ct = default)
    {
        var call = await access.CallAsync(callId, ct);
        if (!await access.ManagesCallAsync(call, ct)) throw new NotFound();
        return await LedgerQuery(db.Set<GrantEntry>().Where(g => g.CallId == callId)).ToListAsync(ct);
    }

    // The applications of the organisations the caller leads, with the open calls they might apply to.
    public async Task<List<(long Id, string Title, string Call, long CallId, ApplicationStatus Status, string Organisation)>> MyApplicationsAsync(CancellationToken ct = default)
    {
        var led = await access.LedOrganisationsAsync(ct);
        var rows = await (from a in db.Set<ProjectApplication>().AsNoTracking()
                          join c in db.Set<ProjectCall>() on a.CallId equals c.Id
                          join o in db.Set<Organisation>() on a.OrganisationId equals o.Id
                          where led.Contains(a.OrganisationId)
                          orderby a.Id descending
                          select new { a.Id, a.Title, Call = c.Title, CallId = c.Id, a.Status, Org = o.Name }).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Title, r.Call, r.CallId, r.Status, r.Org)).ToList();
    }

    // The communities a staff member may register organisations in, for the form's picker.
    public async Task<List<(long Id, string Name)>> ManagedCommunitiesAsync(CancellationToken ct = default)
    {
        var ids = (await access.ManagedCommunitiesAsync(ct)).ToList();
        return (await db.Communities.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).ToList();
    }

    public async Task<List<OrgRow>> MyOrganisationsAsync(CancellationToken ct = default)
    {
        var led = await access.LedOrganisationsAsync(ct);
        return await db.Set<Organisation>().AsNoTracking().Where(o => led.Contains(o.Id)).OrderBy(o => o.Id)
            .Select(o => new OrgRow(o.Id, o.Name, o.Field, o.Stage, o.Station, o.LeaderName, o.CommunityId, o.Version)).ToListAsync(ct);
    }

    public async Task<List<OrgRow>> OrganisationsAsync(CancellationToken ct = default)
    {
        var communities = (await access.ManagedCommunitiesAsync(ct)).ToList();
        if (communities.Count == 0) throw new NotFound();
        return await db.Set<Organisation>().AsNoTracking().Where(o => communities.Contains(o.CommunityId)).OrderBy(o => o.CommunityId).ThenBy(o => o.Id)
            .Select(o => new OrgRow(o.Id, o.Name, o.Field, o.Stage, o.Station, o.LeaderName, o.CommunityId, o.Version)).ToListAsync(ct);
    }

    // Members' names are personal data: the public page shows the surname only.
    public static string Masked(string name) => name.Length <= 1 ? name : name[0] + new string('*', Math.Min(name.Length - 1, 2));

    // An organisation's record, public: its projects, the events it ran (Activities, by organiser name
    // in its community) and the volunteer hours its registered members served (Volunteering).
    public async Task<OrgView> OrganisationAsync(long id, CancellationToken ct = default)
    {
        var o = await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound();
        var community = await db.Communities.Where(c => c.Id == o.CommunityId).Select(c => c.Name).FirstAsync(ct);
        var members = await db.Set<OrgMember>().Where(m => m.OrganisationId == id).OrderBy(m => m.Id).Select(m => new { m.Name, m.ResidentId }).ToListAsync(ct);
        var projects = await (from a in db.Set<ProjectApplication>()
                              join c in db.Set<ProjectCall>() on a.CallId equals c.Id
                              where a.OrganisationId == id && a.Status != ApplicationStatus.Draft && a.Status != ApplicationStatus.Submitted && a.Status != ApplicationStatus.NotFunded
                              orderby a.Id
                              select new OrgProject(a.Id, a.Title, c.Title, a.Status, a.GrantedFen)).ToListAsync(ct);
        var events = await db.Set<Event>().Where(e => e.CommunityId == o.CommunityId && e.OrganiserName == o.Name && e.Status == Activities.EventStatus.Open)
            .OrderByDescending(e => e.StartsAt).Take(20).Select(e => new OrgEvent(e.Id, e.Title, e.StartsAt)).ToListAsync(ct);
        var residents = members.Where(m => m.ResidentId != null).Select(m => m.ResidentId).ToList();
        var minutes = residents.Count == 0 ? 0 : await (from s in db.Set<ShiftSignup>()
                                                        join v in db.Set<Volunteer>() on s.VolunteerId equals v.Id
                                                        where residents.Contains(v.ResidentId) && s.ConfirmedMinutes != null
                                                        select s.ConfirmedMinutes!.Value).SumAsync(ct);
        var reviews = await db.Set<OrgReview>().Where(r => r.OrganisationId == id).OrderByDescending(r => r.Year).Select(r => new { r.Year, r.Rating, r.Note }).ToListAsync(ct);
        var canManage = (await access.ManagedCommunitiesAsync(ct)).Contains(o.CommunityId);
        var canEdit = canManage || (access.User.IsAuthenticated && o.LeaderUserId == access.User.Id);
        return new OrgView(o.Id, o.Name, o.Field, o.Stage, o.Station, o.Description, o.LeaderName, community, o.SeedlingSince, o.IncubatingSince, o.RegisteredOn,
            o.RegistrationNumber, members.Select(m => canEdit ? m.Name : Masked(m.Name)).ToList(), projects, events, minutes, reviews.Select(r => (r.Year, r.Rating, r.Note)).ToList(),
            canEdit, canManage, o.Version);
    }
}
