using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Web.Modules.Projects;

public sealed record DecisionInput(FundingDecision? Decision, long? GrantedFen, string? Reason, int Version);
public sealed record ReleaseInput(long? AmountFen, long? MilestoneId, string? Note);
public sealed record CompleteInput(string? FinalReport, int? EvaluationScore, int Version);

// The call's owner decides funding within the call's budget, and records releases and returns
// in the grants ledger. Both limits hold under simultaneous saves because each is a conditional
// UPDATE of a running total (CommittedFen of the call, ReleasedFen of the project) inside the
// transaction that writes the decision or the ledger line: on PostgreSQL the row lock makes the
// second writer re-check against the first one's committed total; on SQLite writers are serialised.
// CHECK constraints refuse an overdraft even from a hand-written statement.
public sealed class FundingCommands(GongzhiDb db, ProjectsAccess access, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task DecideAsync(long applicationId, DecisionInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageProjects);
        var (app, call, seat) = await access.ApplicationAsync(applicationId, tracked: true, ct);
        if (seat != ProjectsAccess.Seat.Owner) throw seat == ProjectsAccess.Seat.Applicant ? new Forbidden() : new NotFound();
        if (call.Status != CallStatus.Deciding) throw new DomainException("Projects.Error.NotDeciding");
        app.CheckVersion(input.Version);
        var granted = app.Decide(input.Decision ?? 0, input.GrantedFen, input.Reason, Now);
        if (granted > call.MaxPerProjectFen) throw new ValidationFailure("GrantedFen", "Projects.Error.OverCap", ProjectsTime.Yuan(granted), ProjectsTime.Yuan(call.MaxPerProjectFen));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (granted > 0)
        {
            var claimed = await db.Set<ProjectCall>()
                .Where(c => c.Id == call.Id && c.Status == CallStatus.Deciding && c.CommittedFen + granted <= c.TotalBudgetFen)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.CommittedFen, c => c.CommittedFen + granted), ct);
            if (claimed == 0)
            {
                var left = await db.Set<ProjectCall>().Where(c => c.Id == call.Id).Select(c => c.TotalBudgetFen - c.CommittedFen).FirstAsync(ct);
                throw new ConcurrencyConflict("Projects.Error.OverBudget", ProjectsTime.Yuan(left));
            }
            db.Add(new GrantEntry(call.Id, app.Id, GrantEntryKind.Granted, granted, null, null, access.User.RequiredId, Now));
        }
        await NotifyAsync(app, "project.decided", "Projects.Notice.Decided", [app.Title], leaderOnly: true, ct);
        // The application's Version is the concurrency token: of two owners deciding it at once, one wins.
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task ReleaseAsync(long applicationId, ReleaseInput input, CancellationToken ct = default)
    {
        var (app, call) = await OwnedProjectAsync(applicationId, ct);
        if (input.AmountFen is not > 0) throw new ValidationFailure("AmountFen", "Projects.Error.AmountPositive");
        var amount = input.AmountFen.Value;
        if (input.MilestoneId is { } mid && !await db.Set<ProjectMilestone>().AnyAsync(m => m.Id == mid && m.ApplicationId == applicationId && m.Status == MilestoneStatus.Accepted, ct))
            throw new ValidationFailure("MilestoneId", "Projects.Error.MilestoneNotAccepted");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = await db.Set<ProjectApplication>()
            .Where(a => a.Id == applicationId && a.Status != ApplicationStatus.NotFunded && a.ReleasedFen + amount <= a.GrantedFen)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReleasedFen, a => a.ReleasedFen + amount), ct);
        if (moved == 0)
        {
            var left = await db.Set<ProjectApplication>().Where(a => a.Id == applicationId).Select(a => a.GrantedFen - a.ReleasedFen).FirstAsync(ct);
            throw new ConcurrencyConflict("Projects.Error.OverGranted", ProjectsTime.Yuan(left));
        }
        db.Add(new GrantEntry(call.Id, applicationId, GrantEntryKind.Released, amount, input.MilestoneId, input.Note, access.User.RequiredId, Now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    // Unspent money the organisation pays back: never more than was released.
    public async Task ReturnFundsAsync(long applicationId, ReleaseInput input, CancellationToken ct = default)
    {
        var (_, call) = await OwnedProjectAsync(applicationId, ct);
        if (input.AmountFen is not > 0) throw new ValidationFailure("AmountFen", "Projects.Error.AmountPositive");
        var amount = input.AmountFen.Value;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = await db.Set<ProjectApplication>()
            .Where(a => a.Id == applicationId && a.ReturnedFen + amount <= a.ReleasedFen)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReturnedFen, a => a.ReturnedFen + amount), ct);
        if (moved == 0) throw new ValidationFailure("AmountFen", "Projects.Error.OverReleased");
        db.Add(new GrantEntry(call.Id, applicationId, GrantEntryKind.Returned, amount, null, Guard.Text(input.Note, 200, "Note"), access.User.RequiredId, Now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task CompleteAsync(long applicationId, CompleteInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageProjects);
        var (app, _, seat) = await access.ApplicationAsync(applicationId, tracked: true, ct);
        if (seat != ProjectsAccess.Seat.Owner) throw seat == ProjectsAccess.Seat.Applicant ? new Forbidden() : new NotFound();
        app.CheckVersion(input.Version);
        var open = await db.Set<ProjectMilestone>().CountAsync(m => m.ApplicationId == applicationId && m.Status != MilestoneStatus.Accepted, ct);
        app.Complete(input.FinalReport, input.EvaluationScore, open, Now);
        await NotifyAsync(app, "project.completed", "Projects.Notice.Completed", [app.Title], leaderOnly: false, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task<(ProjectApplication, ProjectCall)> OwnedProjectAsync(long applicationId, CancellationToken ct)
    {
        access.User.Require(Capability.ManageProjects);
        var (app, call, seat) = await access.ApplicationAsync(applicationId, ct: ct);
        if (seat != ProjectsAccess.Seat.Owner) throw seat == ProjectsAccess.Seat.Applicant ? new Forbidden() : new NotFound();
        if (app.Status is not (ApplicationStatus.Funded or ApplicationStatus.Completed)) throw new DomainException("Projects.Error.NotFunded");
        return (app, call);
    }

    // The organisation's leader, and (for news worth following) every follower, hear of it in their inbox.
    internal async Task NotifyAsync(ProjectApplication app, string kind, string key, string[] args, bool leaderOnly, CancellationToken ct)
    {
        var leader = await db.Set<Organisation>().Where(o => o.Id == app.OrganisationId).Select(o => o.LeaderUserId).FirstOrDefaultAsync(ct);
        var to = new HashSet<string>();
        if (leader is not null) to.Add(leader);
        if (!leaderOnly) to.UnionWith(await db.Set<ProjectFollower>().Where(f => f.ApplicationId == app.Id).Select(f => f.UserId).ToListAsync(ct));
        foreach (var userId in to) db.Notifications.Add(new Notification(userId, kind, key, args, $"/showcase/projects/{app.Id}", Now));
    }
}
