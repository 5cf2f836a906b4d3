using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Photos;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Modules.Projects;

public sealed record CriterionInput(string? Name, int? Weight);
public sealed record CallInput(long? CommunityId, bool SubdistrictWide, string? Title, string? Description, long? TotalBudgetFen, long? MaxPerProjectFen,
    IReadOnlyList<OrgField>? Fields, OrgStage? MinStage, DateTime? OpensAt, DateTime? ClosesAt, IReadOnlyList<CriterionInput>? Criteria, IReadOnlyList<string>? Reviewers);
public sealed record CallVersionInput(int Version);
public sealed record CallEditInput(string? Title, string? Description, long? TotalBudgetFen, long? MaxPerProjectFen, IReadOnlyList<OrgField>? Fields,
    OrgStage? MinStage, DateTime? OpensAt, DateTime? ClosesAt, int Version);
public sealed record ReviewerInput(string? UserName);
public sealed record ExpertInput(string? UserName, string? DisplayName, string? Password);

// The call's owner drafts it with its rubric and panel, opens it, starts the review after the
// deadline, closes the review when every score is in, and finishes it when every application is decided.
public sealed class CallCommands(GongzhiDb db, ProjectsAccess access, PhotoStore files, UserManager<AppUser> users, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    // The rubric the 指导手册 suggests: 需求评估, 可行性, 创新性, 预算合理性, 可持续性.
    public static readonly IReadOnlyList<(string Name, int Weight)> DefaultCriteria =
        [("需求评估", 25), ("可行性", 25), ("创新性", 15), ("预算合理性", 20), ("可持续性", 15)];

    public async Task<long> CreateAsync(CallInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageProjects);
        long subdistrict;
        long? community = null;
        if (input.SubdistrictWide)
        {
            var held = await access.ManagedSubdistrictsAsync(ct);
            if (held.Count == 0) throw new Forbidden("Projects.Error.NotSubdistrict");
            subdistrict = held.Min();
        }
        else
        {
            if (input.CommunityId is not { } c || !(await access.ManagedCommunitiesAsync(ct)).Contains(c))
                throw new ValidationFailure("CommunityId", "Projects.Error.CommunityUnknown");
            community = c;
            subdistrict = await db.Communities.Where(x => x.Id == c).Select(x => x.SubdistrictId).FirstAsync(ct);
        }
        if (input.OpensAt is null) throw new ValidationFailure("OpensAt", "Validation.Required");
        if (input.ClosesAt is null) throw new ValidationFailure("ClosesAt", "Validation.Required");
        var call = new ProjectCall(subdistrict, community, input.Title, input.Description, input.TotalBudgetFen ?? 0, input.MaxPerProjectFen ?? 0,
            input.Fields ?? [], input.MinStage ?? OrgStage.Seedling, ProjectsTime.ToUtc(input.OpensAt.Value), ProjectsTime.ToUtc(input.ClosesAt.Value), access.User.RequiredId, Now);

        var criteria = input.Criteria is { Count: > 0 } given ? given.Select(c => (c.Name, c.Weight ?? 0)).ToList()
            : DefaultCriteria.Select(c => ((string?)c.Name, c.Weight)).ToList();
        if (criteria.Count > 8) throw new ValidationFailure("Criteria", "Projects.Error.TooMany", 8);
        var rubric = criteria.Select((c, i) => new CallCriterion(0, i, c.Item1, c.Item2)).ToList();
        var sum = rubric.Sum(c => c.Weight);
        if (sum != 100) throw new ValidationFailure("Criteria", "Projects.Error.WeightsNot100", sum);

        var panel = new List<(string Id, string Name)>();
        foreach (var name in (input.Reviewers ?? []).Select(r => r?.Trim()).Where(r => !string.IsNullOrEmpty(r)).Distinct())
        {
            var u = await db.Users.Where(x => x.UserName == name).Select(x => new { x.Id, x.DisplayName }).FirstOrDefaultAsync(ct)
                    ?? throw new ValidationFailure("Reviewers", "Projects.Error.ReviewerUnknown", name!);
            panel.Add((u.Id, u.DisplayName ?? name!));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(call);
        await db.SaveChangesAsync(ct);
        db.AddRange(rubric.Select((c, i) => new CallCriterion(call.Id, i, c.Name, c.Weight)));
        db.AddRange(panel.Select(p => new CallReviewer(call.Id, p.Id, p.Name)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return call.Id;
    }

    // Before the deadline only (see ProjectCall.Edit); the rubric and panel have their own steps.
    public async Task EditAsync(long id, CallEditInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageProjects);
        var call = await access.CallToManageAsync(id, ct);
        if (input.OpensAt is null) throw new ValidationFailure("OpensAt", "Validation.Required");
        if (input.ClosesAt is null) throw new ValidationFailure("ClosesAt", "Validation.Required");
        call.Edit(input.Title, input.Description, input.TotalBudgetFen ?? 0, input.MaxPerProjectFen ?? 0, input.Fields ?? [], input.MinStage ?? OrgStage.Seedling,
            ProjectsTime.ToUtc(input.OpensAt.Value), ProjectsTime.ToUtc(input.ClosesAt.Value), input.Version, Now);
        await db.SaveChangesAsync(ct);
    }

    public async Task OpenAsync(long id, CallVersionInput input, CancellationToken ct = default)
    {
        var call = await ManagedAsync(id, input.Version, ct);
        var weights = await db.Set<CallCriterion>().Where(c => c.CallId == id).Select(c => c.Weight).ToListAsync(ct);
        var reviewers = await db.Set<CallReviewer>().CountAsync(r => r.CallId == id, ct);
        call.Open(weights.Count, weights.Sum(), reviewers, Now);
        await db.SaveChangesAsync(ct);
    }

    public async Task StartReviewAsync(long id, CallVersionInput input, CancellationToken ct = default)
    {
        var call = await ManagedAsync(id, input.Version, ct);
        call.StartReview(Now);
        await db.SaveChangesAsync(ct);
    }

    // Scores stay hidden from the panel until this: every reviewer has scored (or declined) every application.
    public async Task CloseReviewAsync(long id, CallVersionInput input, CancellationToken ct = default)
    {
        var call = await ManagedAsync(id, input.Version, ct);
        call.CloseReview(await MissingScoresAsync(id, ct));
        await db.SaveChangesAsync(ct);
    }

    public async Task<int> MissingScoresAsync(long callId, CancellationToken ct = default)
    {
        var apps = await db.Set<ProjectApplication>().CountAsync(a => a.CallId == callId && a.Status != ApplicationStatus.Draft, ct);
        var panel = await db.Set<CallReviewer>().CountAsync(r => r.CallId == callId, ct);
        var given = await (from r in db.Set<Review>()
                           join a in db.Set<ProjectApplication>() on r.ApplicationId equals a.Id
                           join p in db.Set<CallReviewer>() on new { a.CallId, UserId = r.ReviewerUserId } equals new { p.CallId, p.UserId }
                           where a.CallId == callId && a.Status != ApplicationStatus.Draft
                           select r.Id).CountAsync(ct);
        return apps * panel - given;
    }

    public async Task FinishAsync(long id, CallVersionInput input, CancellationToken ct = default)
    {
        var call = await ManagedAsync(id, input.Version, ct);
        call.Finish(await db.Set<ProjectApplication>().CountAsync(a => a.CallId == id && a.Status == ApplicationStatus.Submitted, ct));
        await db.SaveChangesAsync(ct);
    }

    private async Task<ProjectCall> ManagedAsync(long id, int version, CancellationToken ct)
    {
        access.User.Require(Capability.ManageProjects);
        var call = await access.CallToManageAsync(id, ct);
        call.CheckVersion(version);
        return call;
    }

    // The panel is fixed once the review starts, so nobody joins after seeing who applied and how others lean.
    public async Task AddReviewerAsync(long id, ReviewerInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageProjects);
        var call = await access.CallToManageAsync(id, ct);
        if (call.Status is not (CallStatus.Draft or CallStatus.Open)) throw new DomainException("Projects.Error.PanelFixed");
        var name = Guard.Text(input.UserName, 50, "UserName");
        var u = await db.Users.Where(x => x.UserName == name).Select(x => new { x.Id, x.DisplayName }).FirstOrDefaultAsync(ct)
                ?? throw new ValidationFailure("UserName", "Projects.Error.ReviewerUnknown", name);
        if (await db.Set<CallReviewer>().AnyAsync(r => r.CallId == id && r.UserId == u.Id, ct)) throw new DuplicateFailure("UserName", "Projects.Error.AlreadyOnPanel");
        db.Add(new CallReviewer(id, u.Id, u.DisplayName ?? name));
        await db.SaveChangesAsync(ct);
    }

    // An outside expert gets an account with no role at all: sitting on a panel is its only access.
    public async Task AddExpertAsync(long id, ExpertInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageProjects);
        var call = await access.CallToManageAsync(id, ct);
        if (call.Status is not (CallStatus.Draft or CallStatus.Open)) throw new DomainException("Projects.Error.PanelFixed");
        var userName = Guard.Text(input.UserName, 50, "UserName");
        if (!userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) throw new ValidationFailure("UserName", "Account.Error.UserNameChars");
        var display = Guard.Text(input.DisplayName, 30, "DisplayName");
        if (string.IsNullOrEmpty(input.Password)) throw new ValidationFailure("Password", "Validation.Required");
        if (await users.FindByNameAsync(userName) is not null) throw new DuplicateFailure("UserName", "Account.Error.UserNameTaken");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser { UserName = userName, DisplayName = display, PhoneNumberConfirmed = true, CreatedAt = Now };
        var result = await users.CreateAsync(user, input.Password);
        if (!result.Succeeded) throw new ValidationFailure("Password", "Projects.Error.PasswordWeak");
        db.Add(new CallReviewer(id, user.Id, display));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    // The call's guide (指导手册) as a PDF.
    public async Task AttachGuideAsync(long id, PhotoUpload upload, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageProjects);
        var call = await access.CallToManageAsync(id, ct);
        var stored = await ProjectFiles.SaveAsync(files, upload, pdfOnly: true, "Guide", Now, ct);
        call.AttachGuide(stored.StoredName, upload.FileName ?? "guide.pdf", stored.ContentType);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            files.Delete([stored]);
            throw;
        }
    }
}
