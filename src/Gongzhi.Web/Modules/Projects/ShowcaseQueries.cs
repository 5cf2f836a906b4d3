using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Projects;

public sealed record ShowcaseProjectRow(long Id, string Title, string Organisation, long OrganisationId, long GrantedFen, ApplicationStatus Status, int Reached, int Accepted, int Milestones);
public sealed record ShowcaseCall(long Id, string Title, string? Description, CallStatus Status, long TotalBudgetFen, long CommittedFen, DateTime OpensAt, DateTime ClosesAt,
    bool HasGuide, string? GuideFileName, IReadOnlyList<ShowcaseProjectRow> Projects);
public sealed record ShowcaseMilestone(string Title, DateOnly DueOn, MilestoneStatus Status, string? Report, int Reached, long SpentFen, IReadOnlyList<long> PhotoIds);
public sealed record ShowcaseProject(long Id, string Title, long CallId, string Call, long OrganisationId, string Organisation, string? Problem, string? Beneficiaries,
    int BeneficiaryCount, string? Activities, long GrantedFen, long SpentFen, long ReleasedFen, ApplicationStatus Status, string? FinalReport, int? EvaluationScore,
    IReadOnlyList<ShowcaseMilestone> Milestones, int Followers, bool Following);

// The public showcase (公益创投展示): calls that have opened, and funded projects with what they did,
// for whom, their photos and the money spent. Only accepted milestone reports are shown.
public sealed class ShowcaseQueries(GongzhiDb db, ProjectsAccess access)
{
    public async Task<List<CallRow>> CallsAsync(CancellationToken ct = default) =>
        await db.Set<ProjectCall>().AsNoTracking().Where(c => c.Status != CallStatus.Draft).OrderByDescending(c => c.Id)
            .Select(c => new CallRow(c.Id, c.Title, c.Status, c.CommunityId, c.TotalBudgetFen, c.CommittedFen, c.OpensAt, c.ClosesAt,
                db.Set<ProjectApplication>().Count(a => a.CallId == c.Id && (a.Status == ApplicationStatus.Funded || a.Status == ApplicationStatus.Completed))))
            .Take(100).ToListAsync(ct);

    private static readonly ApplicationStatus[] Shown = [ApplicationStatus.Funded, ApplicationStatus.Completed];

    public async Task<ShowcaseCall> CallAsync(long id, CancellationToken ct = default)
    {
        var c = await db.Set<ProjectCall>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.Status != CallStatus.Draft, ct) ?? throw new NotFound();
        var projects = await (from a in db.Set<ProjectApplication>()
                              join o in db.Set<Organisation>() on a.OrganisationId equals o.Id
                              where a.CallId == id && Shown.Contains(a.Status)
                              orderby a.Id
                              select new ShowcaseProjectRow(a.Id, a.Title, o.Name, o.Id, a.GrantedFen, a.Status,
                                  db.Set<ProjectMilestone>().Where(m => m.ApplicationId == a.Id && m.Status == MilestoneStatus.Accepted).Sum(m => m.Reached),
                                  db.Set<ProjectMilestone>().Count(m => m.ApplicationId == a.Id && m.Status == MilestoneStatus.Accepted),
                                  db.Set<ProjectMilestone>().Count(m => m.ApplicationId == a.Id))).ToListAsync(ct);
        return new ShowcaseCall(c.Id, c.Title, c.Description, c.Status, c.TotalBudgetFen, c.CommittedFen, c.OpensAt, c.ClosesAt, c.GuideStoredName is not null, c.GuideFileName, projects);
    }

    public async Task<ShowcaseProject> ProjectAsync(long id, CancellationToken ct = default)
    {
        var row = await (from x in db.Set<ProjectApplication>().AsNoTracking()
                         join c in db.Set<ProjectCall>() on x.CallId equals c.Id
                         join o in db.Set<Organisation>() on x.OrganisationId equals o.Id
                         where x.Id == id && Shown.Contains(x.Status)
                         select new { a = x, Call = c.Title, Org = o.Name }).FirstOrDefaultAsync(ct) ?? throw new NotFound();
        var milestones = await db.Set<ProjectMilestone>().AsNoTracking().Where(m => m.ApplicationId == id).OrderBy(m => m.Order).ToListAsync(ct);
        var accepted = milestones.Where(m => m.Status == MilestoneStatus.Accepted).Select(m => m.Id).ToList();
        var photos = await db.Set<ProjectFile>().AsNoTracking().Where(f => accepted.Contains(f.MilestoneId) && f.Kind == ProjectFileKind.Photo).OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.MilestoneId }).ToListAsync(ct);
        var me = access.User.Id;
        var following = me is not null && await db.Set<ProjectFollower>().AnyAsync(f => f.ApplicationId == id && f.UserId == me, ct);
        var followers = await db.Set<ProjectFollower>().CountAsync(f => f.ApplicationId == id, ct);
        var a = row.a;
        return new ShowcaseProject(a.Id, a.Title, a.CallId, row.Call, a.OrganisationId, row.Org, a.Problem, a.Beneficiaries, a.BeneficiaryCount, a.Activities,
            a.GrantedFen, milestones.Where(m => m.Status == MilestoneStatus.Accepted).Sum(m => m.SpentFen), a.ReleasedFen - a.ReturnedFen, a.Status, a.FinalReport, a.EvaluationScore,
            milestones.Select(m => m.Status == MilestoneStatus.Accepted
                ? new ShowcaseMilestone(m.Title, m.DueOn, m.Status, m.Report, m.Reached, m.SpentFen, photos.Where(p => p.MilestoneId == m.Id).Select(p => p.Id).ToList())
                : new ShowcaseMilestone(m.Title, m.DueOn, m.Status == MilestoneStatus.Planned ? MilestoneStatus.Planned : MilestoneStatus.Reported, null, 0, 0, [])).ToList(),
            followers, following);
    }

    // A file is served to whoever may read it: photos of accepted milestones publicly; everything
    // else (receipts, reports not yet accepted) only to the applicant and the call's owner and panel.
    public async Task<ProjectFile?> FileAsync(long applicationId, long fileId, CancellationToken ct = default)
    {
        var file = await (from f in db.Set<ProjectFile>().AsNoTracking()
                          join m in db.Set<ProjectMilestone>() on f.MilestoneId equals m.Id
                          where f.Id == fileId && m.ApplicationId == applicationId
                          select new { f, m.Status }).FirstOrDefaultAsync(ct);
        if (file is null) return null;
        if (file.f.Kind == ProjectFileKind.Photo && file.Status == MilestoneStatus.Accepted
            && await db.Set<ProjectApplication>().AnyAsync(a => a.Id == applicationId && Shown.Contains(a.Status), ct)) return file.f;
        try
        {
            await access.ApplicationAsync(applicationId, ct: ct);
            return file.f;
        }
        catch (NotFound)
        {
            return null;
        }
    }

    public async Task<(string StoredName, string ContentType, string FileName)?> GuideAsync(long callId, CancellationToken ct = default)
    {
        var c = await db.Set<ProjectCall>().AsNoTracking().Where(x => x.Id == callId && x.Status != CallStatus.Draft && x.GuideStoredName != null)
            .Select(x => new { x.GuideStoredName, x.GuideContentType, x.GuideFileName }).FirstOrDefaultAsync(ct);
        return c is null ? null : (c.GuideStoredName!, c.GuideContentType ?? "application/pdf", c.GuideFileName ?? "guide.pdf");
    }
}
