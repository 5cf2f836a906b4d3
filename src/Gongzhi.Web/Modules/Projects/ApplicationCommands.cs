using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Projects;

public sealed record StartInput(long? OrganisationId);
public sealed record ApplicationInput(string? Title, string? Problem, string? Beneficiaries, int? BeneficiaryCount, string? Activities, string? Team,
    IReadOnlyList<BudgetLineInput>? Lines, IReadOnlyList<MilestonePlanInput>? Milestones, int Version);

// An organisation's leader starts an application, saves it as a draft as often as they like,
// and submits it before the call's deadline (server time, Beijing).
public sealed class ApplicationCommands(GongzhiDb db, ProjectsAccess access, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<long> StartAsync(long callId, StartInput input, CancellationToken ct = default)
    {
        var call = await access.CallAsync(callId, ct);
        var led = await access.LedOrganisationsAsync(ct);
        if (input.OrganisationId is not { } orgId || !led.Contains(orgId)) throw new ValidationFailure("OrganisationId", "Projects.Error.NotYourOrganisation");
        if (!call.AcceptsApplications(Now)) throw new DomainException(Now < call.OpensAt ? "Projects.Error.NotYetOpen" : "Projects.Error.DeadlinePassed", ProjectsTime.Format(call.OpensAt));
        var org = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
        var orgSubdistrict = await db.Communities.Where(c => c.Id == org.CommunityId).Select(c => c.SubdistrictId).FirstAsync(ct);
        if (call.CommunityId is { } c ? c != org.CommunityId : orgSubdistrict != call.SubdistrictId) throw new DomainException("Projects.Error.NotEligiblePlace");
        if (org.Stage < call.MinStage) throw new DomainException("Projects.Error.NotEligibleStage", call.MinStage);
        if (!call.FieldList.Contains(org.Field) && !call.FieldList.Contains(OrgField.Other)) throw new DomainException("Projects.Error.NotEligibleField", org.Field);
        if (await db.Set<ProjectApplication>().AnyAsync(a => a.CallId == callId && a.OrganisationId == orgId, ct))
            throw new DuplicateFailure("OrganisationId", "Projects.Error.AlreadyApplied");
        var app = new ProjectApplication(callId, orgId, Now);
        db.Add(app);
        await db.SaveChangesAsync(ct);
        return app.Id;
    }

    public async Task SaveAsync(long id, ApplicationInput input, CancellationToken ct = default)
    {
        var (app, call) = await DraftAsync(id, input.Version, ct);
        app.Edit(input.Title, input.Problem, input.Beneficiaries, input.BeneficiaryCount, input.Activities, input.Team, Now);
        var lines = ProjectApplication.Lines(id, input.Lines ?? [], call.MaxPerProjectFen);
        var plan = ProjectApplication.Plan(id, input.Milestones ?? []);
        app.SetRequested(lines.Sum(l => l.AmountFen));
        // Everything was checked above: the old plan is replaced in one transaction with the new one.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<BudgetLine>().Where(l => l.ApplicationId == id).ExecuteDeleteAsync(ct);
        await db.Set<ProjectMilestone>().Where(m => m.ApplicationId == id).ExecuteDeleteAsync(ct);
        db.AddRange(lines);
        db.AddRange(plan);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task SubmitAsync(long id, int version, CancellationToken ct = default)
    {
        var (app, _) = await DraftAsync(id, version, ct);
        var lines = await db.Set<BudgetLine>().CountAsync(l => l.ApplicationId == id, ct);
        var milestones = await db.Set<ProjectMilestone>().CountAsync(m => m.ApplicationId == id, ct);
        app.Submit(lines, milestones, Now);
        await db.SaveChangesAsync(ct);
    }

    private async Task<(ProjectApplication, ProjectCall)> DraftAsync(long id, int version, CancellationToken ct)
    {
        var (app, call, seat) = await access.ApplicationAsync(id, tracked: true, ct);
        if (seat != ProjectsAccess.Seat.Applicant) throw new Forbidden();
        app.CheckVersion(version);
        if (app.Status != ApplicationStatus.Draft) throw new DomainException("Projects.Error.NotDraft");
        if (!call.AcceptsApplications(Now)) throw new DomainException("Projects.Error.DeadlinePassed", ProjectsTime.Format(call.ClosesAt));
        return (app, call);
    }
}
