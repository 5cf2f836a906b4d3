using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Projects;

public sealed record ScoreItem(long CriterionId, int? Score);
public sealed record ScoreInput(IReadOnlyList<ScoreItem>? Scores, string? Comment);
public sealed record ConflictInput(string? Reason);

// A reviewer on the panel scores each application on the rubric, once, or declares a conflict of
// interest, after which that application is hidden from them (and their word does not count).
public sealed class ReviewCommands(GongzhiDb db, ProjectsAccess access, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task DeclareConflictAsync(long applicationId, ConflictInput input, CancellationToken ct = default)
    {
        var (app, _) = await ReviewableAsync(applicationId, ct);
        await SaveOnceAsync(Review.Declined(app.Id, access.User.RequiredId, input.Reason, Now), [], ct);
    }

    public async Task ScoreAsync(long applicationId, ScoreInput input, CancellationToken ct = default)
    {
        var (app, call) = await ReviewableAsync(applicationId, ct);
        var criteria = await db.Set<CallCriterion>().Where(c => c.CallId == call.Id).OrderBy(c => c.Order).ToListAsync(ct);
        var given = input.Scores ?? [];
        var errors = new List<FieldError>();
        foreach (var c in criteria)
        {
            var items = given.Where(s => s.CriterionId == c.Id).ToList();
            if (items.Count != 1 || items[0].Score is not { } score) errors.Add(new FieldError($"Scores[{c.Id}]", "Projects.Error.ScoreMissing", c.Name));
            else if (score is < 0 or > 100) errors.Add(new FieldError($"Scores[{c.Id}]", "Validation.Range", 0, 100));
        }
        if (given.Any(s => criteria.All(c => c.Id != s.CriterionId))) errors.Add(new FieldError("Scores", "Projects.Error.CriterionUnknown"));
        if (errors.Count > 0) throw new ValidationFailure(errors);
        var scores = criteria.Select(c => (c, Score: given.Single(s => s.CriterionId == c.Id).Score!.Value)).ToList();
        var weighted = scores.Sum(s => s.Score * s.c.Weight);
        var review = Review.Scored(app.Id, access.User.RequiredId, weighted, input.Comment, Now);
        await SaveOnceAsync(review, scores.Select(s => (s.c.Id, s.Score)).ToList(), ct);
    }

    private async Task<(ProjectApplication, ProjectCall)> ReviewableAsync(long applicationId, CancellationToken ct)
    {
        var (app, call, seat) = await access.ApplicationAsync(applicationId, ct: ct);
        if (seat != ProjectsAccess.Seat.Reviewer) throw seat == ProjectsAccess.Seat.None ? new NotFound() : new Forbidden("Projects.Error.NotOnPanel");
        if (call.Status != CallStatus.Reviewing) throw new DomainException("Projects.Error.NotReviewing");
        var me = access.User.RequiredId;
        if (await db.Set<Review>().AnyAsync(r => r.ApplicationId == applicationId && r.ReviewerUserId == me, ct))
            throw new DuplicateFailure("Scores", "Projects.Error.AlreadyReviewed");
        return (app, call);
    }

    // The unique (application, reviewer) index decides between two submissions racing each other.
    private async Task SaveOnceAsync(Review review, List<(long CriterionId, int Score)> scores, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(review);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            throw new DuplicateFailure("Scores", "Projects.Error.AlreadyReviewed");
        }
        db.AddRange(scores.Select(s => new ReviewScore(review.Id, s.CriterionId, s.Score)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
