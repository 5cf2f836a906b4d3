using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Modules.Requests.Photos;
using Gongzhi.Web.Modules.Requests.Search;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Notifications;
using Gongzhi.Web.Platform.Webhooks;

namespace Gongzhi.Web.Modules.Requests.Work;

public sealed record VersionInput(int Version);
public sealed record ReassignInput(string? OwnerUserId, string? Reason, int Version);
public sealed record ReferInput(ReferralKind Kind, long? DepartmentId, string? Note, int Version);
public sealed record ReplyInput(string? Text);
public sealed record CommentInput(string? Text, bool Internal);
public sealed record ResolveInput(string? Resolution, int Version);
public sealed record RateInput(Rating? Rating, string? Comment);
public sealed record MergeInput(long TargetId, int Version);
public sealed record PartyInput(string? Name, string? Phone, string? Role);
public sealed record MediationInput(DateTime? HeldAt, string? Place, string? Mediators, string? Summary);
public sealed record AgreementInput(string? Text, int Version);

// Every move on a case: the entity decides if it is allowed, this class checks who may make it,
// writes the timeline line and the inbox messages in the same transaction, and turns a lost race
// (the case changed since the caller loaded it) into a clear conflict.
public sealed class CaseCommands(GongzhiDb db, CaseAccess access, CaseRouting routing, CurrentUser user, WorkCalendar calendar,
    PhotoStore photos, IWebhookEvents webhooks, TimeProvider clock, IConfiguration configuration)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task AcceptAsync(long id, CancellationToken ct = default)
    {
        var c = await access.ForStaffAsync(id, ct);
        var now = Now;
        c.Accept(user.RequiredId, user.Name, now);
        await SaveAsync(c, "Requests.Error.AlreadyAccepted", ct);
    }

    public async Task ReassignAsync(long id, ReassignInput input, CancellationToken ct = default)
    {
        var c = await access.ForStaffAsync(id, ct);
        c.CheckVersion(input.Version);
        if (string.IsNullOrWhiteSpace(input.OwnerUserId)) throw new ValidationFailure("OwnerUserId", "Validation.Required");
        var candidates = await OwnerCandidatesAsync(c, ct);
        var target = candidates.FirstOrDefault(x => x.UserId == input.OwnerUserId);
        if (target.UserId is null) throw new ValidationFailure("OwnerUserId", "Requests.Error.OwnerNotEligible");
        Act(c).Reassign(target.UserId, target.Name, input.Reason, Now);
        Notify(target.UserId, c, "case.assigned", "Requests.Notice.Assigned");
        await SaveAsync(c, null, ct);
    }

    public async Task<List<(string UserId, string Name)>> OwnerCandidatesAsync(long id, CancellationToken ct = default) =>
        await OwnerCandidatesAsync(await access.ForStaffAsync(id, ct), ct);

    public async Task<List<(string UserId, string Name)>> OwnerCandidatesAsync(Case c, CancellationToken ct = default) =>
        [.. (await routing.OwnerCandidatesAsync(c.GridId, c.CommunityId, ct)).Select(o => (o.UserId!, o.Name))];

    public async Task<long> ReferAsync(long id, ReferInput input, CancellationToken ct = default)
    {
        var c = await access.ForStaffAsync(id, ct);
        c.CheckVersion(input.Version);
        Referral referral;
        if (input.Kind == ReferralKind.PropertyCompany)
        {
            if (c.EstateId is null) throw new ValidationFailure("Kind", "Requests.Error.NoEstate");
            var estate = await db.Estates.AsNoTracking().Where(e => e.Id == c.EstateId).Select(e => e.Name).FirstAsync(ct);
            referral = new Referral(c.Id, ReferralKind.PropertyCompany, null, c.EstateId, estate + "物业", input.Note, Now, user.RequiredId);
        }
        else if (input.Kind == ReferralKind.Department)
        {
            var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == input.DepartmentId && d.SubdistrictId == c.SubdistrictId, ct)
                ?? throw new ValidationFailure("DepartmentId", "Requests.Error.DepartmentUnknown");
            referral = new Referral(c.Id, ReferralKind.Department, department.Id, null, department.Name, input.Note, Now, user.RequiredId);
        }
        else throw new ValidationFailure("Kind", "Validation.Required");
        // Check the move before writing anything; it is made once the referral has its id.
        if (!Case.CanMove(c.Status, CaseStatus.Referred)) throw new DomainException("Requests.Error.Transition", c.Status, CaseStatus.Referred);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Referrals.Add(referral);
        await SaveAsync(c, null, ct);
        Act(c).Refer(referral, Now);
        foreach (var partner in await routing.PartnerUsersAsync(referral, ct)) Notify(partner, c, "case.referred", "Requests.Notice.Referred");
        await SaveAsync(c, null, ct);
        await tx.CommitAsync(ct);
        return referral.Id;
    }

    // The property company or department answers. The community stays accountable: the owner is told.
    public async Task ReplyAsync(long id, long referralId, ReplyInput input, IReadOnlyList<PhotoUpload>? uploads = null, CancellationToken ct = default)
    {
        user.Require(Capability.ReplyReferrals);
        var (c, _) = await access.ForAnyAsync(id, ct);
        var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == referralId && r.CaseId == id, ct) ?? throw new NotFound();
        if (!await access.AnswersForAsync(referral, ct)) throw new NotFound();
        if (!c.IsOpen) throw new DomainException("Requests.Error.NotOpen");
        referral.Answer(input.Text, user.RequiredId, Now);
        Act(c).Note(CaseEventKind.ReferralReply, input.Text!.Trim(), Now, referralId: referral.Id);
        await SearchTextAsync(c.Id, input.Text, ct);
        if (c.OwnerUserId is not null) Notify(c.OwnerUserId, c, "case.reply", "Requests.Notice.Reply");
        await SaveWithPhotosAsync(c, uploads, PhotoStage.Reply, ct);
    }

    public async Task CommentAsync(long id, CommentInput input, CancellationToken ct = default)
    {
        var (c, capacity) = await access.ForAnyAsync(id, ct);
        // A closed case takes no more messages; staff may still leave an internal note on it.
        if (!c.IsOpen && !(capacity == CaseAccess.Capacity.Staff && input.Internal)) throw new DomainException("Requests.Error.NotOpen");
        var text = Guard.Text(input.Text, 1000, "Text");
        // Residents only write public comments; partners only internal ones (they never talk to an anonymous reporter).
        var isInternal = capacity switch
        {
            CaseAccess.Capacity.Reporter => false,
            CaseAccess.Capacity.Partner => true,
            _ => input.Internal,
        };
        if (capacity == CaseAccess.Capacity.Staff && !isInternal) c.Contacted(Now);
        // A partner's note belongs to their referral: that is what lets partners read it and not staff's own notes.
        var referralId = capacity == CaseAccess.Capacity.Partner ? await access.PartnerReferralAsync(c.Id, ct) : null;
        Act(c).Note(isInternal ? CaseEventKind.InternalNote : CaseEventKind.Comment, text, Now, @internal: isInternal, referralId: referralId);
        await SearchTextAsync(c.Id, text, ct);
        if (capacity == CaseAccess.Capacity.Reporter && c.OwnerUserId is not null) Notify(c.OwnerUserId, c, "case.comment", "Requests.Notice.Comment");
        if (capacity == CaseAccess.Capacity.Staff && !isInternal && c.ReporterUserId is not null) Notify(c.ReporterUserId, c, "case.comment", "Requests.Notice.Comment");
        await SaveAsync(c, null, ct);
    }

    public async Task ResolveAsync(long id, ResolveInput input, IReadOnlyList<PhotoUpload>? uploads = null, CancellationToken ct = default)
    {
        var c = await access.ForStaffAsync(id, ct);
        c.CheckVersion(input.Version);
        Act(c).Resolve(input.Resolution, Now);
        await SearchTextAsync(c.Id, c.Resolution, ct);
        if (c.ReporterUserId is not null) Notify(c.ReporterUserId, c, "case.resolved", "Requests.Notice.Resolved");
        await SaveWithPhotosAsync(c, uploads, PhotoStage.Resolution, ct);
    }

    public async Task<Case.RateOutcome> RateAsync(long id, RateInput input, CancellationToken ct = default)
    {
        var (c, _) = await access.ForAnyAsync(id, ct);
        if (c.ReporterUserId != user.Id) throw new Forbidden("Requests.Error.NotYourCase");
        if (input.Rating is null) throw new ValidationFailure("Rating", "Requests.Error.RatingRequired");
        var now = Now;
        var time = await calendar.GetAsync(ct);
        var category = await db.CaseCategories.AsNoTracking().FirstAsync(x => x.Id == c.CategoryId, ct);
        var maxReopens = configuration.GetValue<int?>("Requests:MaxReopens") ?? 2;
        var outcome = Act(c).Rate(input.Rating.Value, input.Comment, maxReopens, now, time.AddDays(now, category.ResolveDays));
        if (outcome != Case.RateOutcome.Closed)
        {
            if (c.OwnerUserId is not null) Notify(c.OwnerUserId, c, "case.reopened", "Requests.Notice.Reopened");
        }
        if (outcome == Case.RateOutcome.Escalated)
        {
            foreach (var target in await routing.EscalationTargetsAsync(c, EscalationLevel.Community, ct)) Notify(target, c, "case.escalated", "Requests.Notice.Escalated");
        }
        await SaveAsync(c, null, ct);
        return outcome;
    }

    // More photos for a case: the reporter's while it is open, staff's as evidence of the work,
    // a partner's with their reply. At most PhotoStore.MaxPhotos per kind.
    public async Task<int> AddPhotosAsync(long id, IReadOnlyList<PhotoUpload> uploads, CancellationToken ct = default)
    {
        var (c, capacity) = await access.ForAnyAsync(id, ct);
        if (!c.IsOpen && !(capacity == CaseAccess.Capacity.Staff && c.Status == CaseStatus.Resolved)) throw new DomainException("Requests.Error.NotOpen");
        if (uploads.Count == 0) throw new ValidationFailure("Photos", "Validation.Required");
        var stage = capacity switch
        {
            CaseAccess.Capacity.Staff => PhotoStage.Resolution,
            CaseAccess.Capacity.Partner => PhotoStage.Reply,
            _ => PhotoStage.Submission,
        };
        var existing = await db.CasePhotos.CountAsync(p => p.CaseId == id && p.Stage == stage, ct);
        if (existing + uploads.Count > PhotoStore.MaxPhotos) throw new ValidationFailure("Photos", "Requests.Error.TooManyPhotos", PhotoStore.MaxPhotos);
        await SaveWithPhotosAsync(c, uploads, stage, ct);
        return uploads.Count;
    }

    public async Task CancelAsync(long id, CancellationToken ct = default)
    {
        var (c, _) = await access.ForAnyAsync(id, ct);
        Act(c).Cancel(user.RequiredId, Now);
        await SaveAsync(c, "Requests.Error.CancelAfterAccept", ct);
    }

    public async Task MergeAsync(long id, MergeInput input, CancellationToken ct = default)
    {
        var c = await access.ForStaffAsync(id, ct);
        c.CheckVersion(input.Version);
        var target = await access.ForStaffAsync(input.TargetId, ct);
        Act(c).MergeInto(target, Now);
        if (c.ReporterUserId is not null) Notify(c.ReporterUserId, c, "case.merged", "Requests.Notice.Merged");
        await SaveAsync(c, null, ct);
    }

    public async Task AddPartyAsync(long id, PartyInput input, CancellationToken ct = default)
    {
        var c = await DisputeAsync(id, ct);
        db.DisputeParties.Add(new DisputeParty(c.Id, input.Name, input.Phone, input.Role));
        Act(c).Note(CaseEventKind.InternalNote, input.Name?.Trim(), Now, @internal: true);
        await SaveAsync(c, null, ct);
    }

    public async Task AddMediationAsync(long id, MediationInput input, CancellationToken ct = default)
    {
        var c = await DisputeAsync(id, ct);
        if (input.HeldAt is null) throw new ValidationFailure("HeldAt", "Validation.Required");
        var heldAt = input.HeldAt.Value.Kind == DateTimeKind.Unspecified ? WorkingTime.FromChina(input.HeldAt.Value) : input.HeldAt.Value.ToUniversalTime();
        var session = new MediationSession(c.Id, heldAt, input.Place, input.Mediators, input.Summary, Now);
        db.MediationSessions.Add(session);
        c.Contacted(Now);
        Act(c).Note(CaseEventKind.Mediation, session.Summary, Now, @internal: true);
        await SaveAsync(c, null, ct);
    }

    public async Task RecordAgreementAsync(long id, AgreementInput input, CancellationToken ct = default)
    {
        var c = await DisputeAsync(id, ct);
        c.CheckVersion(input.Version);
        Act(c).RecordAgreement(input.Text, Now);

        await SaveAsync(c, null, ct);
    }

    private async Task<Case> DisputeAsync(long id, CancellationToken ct)
    {
        var c = await access.ForStaffAsync(id, ct);
        if (!await db.CaseCategories.AnyAsync(x => x.Id == c.CategoryId && x.IsDispute, ct)) throw new DomainException("Requests.Error.NotDispute");
        return c;
    }

    private Case Act(Case c) => c.ActingAs(user.Id, user.Name);

    private void Notify(string userId, Case c, string kind, string key) =>
        db.Notifications.Add(new Notification(userId, kind, key, [c.Id.ToString(CultureInfo.InvariantCulture)], $"/cases/{c.Id}", Now));

    private Task SearchTextAsync(long caseId, string? text, CancellationToken ct) => CaseSearchIndex.AddTextAsync(db, caseId, text, ct: ct);

    private async Task SaveWithPhotosAsync(Case c, IReadOnlyList<PhotoUpload>? uploads, PhotoStage stage, CancellationToken ct)
    {
        var checkedPhotos = await photos.CheckAsync(uploads ?? [], ct);
        var stored = await photos.SaveAsync(checkedPhotos, Now, ct);
        try
        {
            foreach (var p in stored) db.CasePhotos.Add(new CasePhoto(c.Id, stage, p.StoredName, p.ContentType, p.Length, Now, user.Id));
            await SaveAsync(c, null, ct);
        }
        catch
        {
            photos.Delete(stored);
            throw;
        }
    }

    private async Task SaveAsync(Case c, string? conflictKey, CancellationToken ct)
    {
        // Every move goes through here: a changed status is told to other systems in the same SaveChanges.
        var from = db.Entry(c).Property(x => x.Status).OriginalValue;
        if (from != c.Status)
            await webhooks.RaiseAsync(RequestsWebhooks.StatusChanged, c.CommunityId, RequestsWebhooks.Moved(c, from), Now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Somebody else moved the case first. Say who holds it now when that is the question.
            db.ChangeTracker.Clear();
            var now = await db.Cases.AsNoTracking().Where(x => x.Id == c.Id).Select(x => new { x.OwnerName, x.Status }).FirstAsync(ct);
            throw conflictKey == "Requests.Error.AlreadyAccepted" && now.Status != CaseStatus.Submitted
                ? new ConcurrencyConflict("Requests.Error.AlreadyAccepted", now.OwnerName)
                : new ConcurrencyConflict("Requests.Error.Changed");
        }
    }
}
