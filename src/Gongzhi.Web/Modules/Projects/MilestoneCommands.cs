using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Photos;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Projects;

public sealed record SpendInput(long BudgetLineId, long? AmountFen);
public sealed record MilestoneReportInput(string? Report, int? Reached, IReadOnlyList<SpendInput>? Spends, int Version);
public sealed record MilestoneReviewInput(bool Accept, string? Note, int Version);

// A funded project reports per milestone: what was done, whom it reached, spending against the
// budget lines, photos and receipts. Staff accept it or return it with a note for another try.
public sealed class MilestoneCommands(GongzhiDb db, ProjectsAccess access, PhotoStore store, FundingCommands funding, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task ReportAsync(long applicationId, long milestoneId, MilestoneReportInput input,
        IReadOnlyList<PhotoUpload> photos, IReadOnlyList<PhotoUpload> receipts, CancellationToken ct = default)
    {
        var (app, _, seat) = await access.ApplicationAsync(applicationId, ct: ct);
        if (seat != ProjectsAccess.Seat.Applicant) throw seat == ProjectsAccess.Seat.None ? new NotFound() : new Forbidden();
        if (app.Status != ApplicationStatus.Funded) throw new DomainException("Projects.Error.NotFunded");
        var milestone = await db.Set<ProjectMilestone>().FirstOrDefaultAsync(m => m.Id == milestoneId && m.ApplicationId == applicationId, ct) ?? throw new NotFound();
        milestone.CheckVersion(input.Version);

        var lines = await db.Set<BudgetLine>().Where(l => l.ApplicationId == applicationId).Select(l => l.Id).ToListAsync(ct);
        var spends = (input.Spends ?? []).Where(s => s.AmountFen is not (null or 0)).ToList();
        var errors = new List<FieldError>();
        foreach (var s in spends)
        {
            if (!lines.Contains(s.BudgetLineId)) errors.Add(new FieldError("Spends", "Projects.Error.LineUnknown"));
            else if (s.AmountFen < 0) errors.Add(new FieldError($"Spends[{s.BudgetLineId}]", "Projects.Error.AmountPositive"));
        }
        if (spends.GroupBy(s => s.BudgetLineId).Any(g => g.Count() > 1)) errors.Add(new FieldError("Spends", "Projects.Error.LineTwice"));
        if (errors.Count > 0) throw new ValidationFailure(errors);
        var spent = spends.Sum(s => s.AmountFen!.Value);
        var before = await db.Set<ProjectMilestone>().Where(m => m.ApplicationId == applicationId && m.Id != milestoneId).SumAsync(m => m.SpentFen, ct);
        if (before + spent > app.GrantedFen) throw new ValidationFailure("Spends", "Projects.Error.SpentOverGrant", ProjectsTime.Yuan(app.GrantedFen - before));
        milestone.ReportDone(input.Report, input.Reached, spent, Now);

        if (photos.Count + receipts.Count > ProjectFiles.MaxPerReport) throw new ValidationFailure("Photos", "Requests.Error.TooManyPhotos", ProjectFiles.MaxPerReport);
        var checkedFiles = new List<(ProjectFileKind Kind, (PhotoUpload, string, string) File)>();
        foreach (var p in photos) checkedFiles.Add((ProjectFileKind.Photo, await ProjectFiles.CheckAsync(store, p, allowPdf: false, pdfOnly: false, "Photos", ct)));
        foreach (var r in receipts) checkedFiles.Add((ProjectFileKind.Receipt, await ProjectFiles.CheckAsync(store, r, allowPdf: true, pdfOnly: false, "Receipts", ct)));

        // Files are written last, after every check, and removed again if the transaction fails.
        var saved = await store.SaveAsync(checkedFiles.Select(f => f.File).ToList(), Now, ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Set<MilestoneSpend>().Where(s => s.MilestoneId == milestoneId).ExecuteDeleteAsync(ct);
            db.AddRange(spends.Select(s => new MilestoneSpend(milestoneId, s.BudgetLineId, s.AmountFen!.Value)));
            db.AddRange(saved.Select((f, i) => new ProjectFile(milestoneId, checkedFiles[i].Kind, f.StoredName, f.ContentType, f.Length)));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            store.Delete(saved);
            throw;
        }
    }

    public async Task ReviewAsync(long applicationId, long milestoneId, MilestoneReviewInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageProjects);
        var (app, _, seat) = await access.ApplicationAsync(applicationId, ct: ct);
        if (seat != ProjectsAccess.Seat.Owner) throw seat == ProjectsAccess.Seat.Applicant ? new Forbidden() : new NotFound();
        var milestone = await db.Set<ProjectMilestone>().FirstOrDefaultAsync(m => m.Id == milestoneId && m.ApplicationId == applicationId, ct) ?? throw new NotFound();
        milestone.CheckVersion(input.Version);
        if (input.Accept)
        {
            milestone.Accept(input.Note);
            await funding.NotifyAsync(app, "project.milestone", "Projects.Notice.Milestone", [app.Title, milestone.Title], leaderOnly: false, ct);
        }
        else
        {
            milestone.Return(input.Note);
            await funding.NotifyAsync(app, "project.returned", "Projects.Notice.Returned", [app.Title, milestone.Title], leaderOnly: true, ct);
        }
        await db.SaveChangesAsync(ct);
    }

    // Anyone signed in may follow a funded project; a second follow changes nothing.
    public async Task FollowAsync(long applicationId, bool follow, CancellationToken ct = default)
    {
        var me = access.User.RequiredId;
        if (!await db.Set<ProjectApplication>().AnyAsync(a => a.Id == applicationId && (a.Status == ApplicationStatus.Funded || a.Status == ApplicationStatus.Completed), ct))
            throw new NotFound();
        var existing = await db.Set<ProjectFollower>().FirstOrDefaultAsync(f => f.ApplicationId == applicationId && f.UserId == me, ct);
        if (follow && existing is null) db.Add(new ProjectFollower(applicationId, me, Now));
        if (!follow && existing is not null) db.Remove(existing);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // Two taps at once: the other one already followed.
        }
    }
}
