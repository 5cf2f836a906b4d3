using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Webhooks;

namespace Gongzhi.Web.Modules.Notices;

// Version: when editing a draft, the version it was read at (ignored when creating).
public sealed record NoticeInput(PlaceKind? ScopeKind, long? ScopeId, NoticeKind? Kind, NoticeAudience? Audience, CareTagKind? CareReason,
    string? Title, string? Body, bool Pinned, DateTime? PublishAt, DateTime? ValidUntil, int Version = 0);

public sealed record VersionInput(int Version, string? Reason = null);

public sealed record ReviewKindsInput(long CommunityId, NoticeKind[]? Kinds);

public sealed class NoticeCommands(GongzhiDb db, NoticeAccess access, NoticePublisher publisher, NoticeFiles files, IWebhookEvents webhooks,
    TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    // A time typed without an offset is Beijing time, as people say it.
    public static DateTime? ToUtc(DateTime? t) => t switch
    {
        null => null,
        { Kind: DateTimeKind.Utc } u => u,
        { Kind: DateTimeKind.Local } l => l.ToUniversalTime(),
        { } b => DateTime.SpecifyKind(b.AddHours(-8), DateTimeKind.Utc),
    };

    public async Task<long> CreateAsync(NoticeInput input, IReadOnlyList<NoticeUpload>? uploads = null, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageNotices);
        CheckRequired(input);
        var place = await access.WritablePlaceAsync(input.ScopeKind!.Value, input.ScopeId!.Value, ct);
        var now = Now;
        var name = await db.Users.Where(u => u.Id == access.User.RequiredId).Select(u => u.DisplayName).FirstAsync(ct);
        var notice = new Notice(place.SubdistrictId, place.CommunityId, place.Kind, place.Id, input.Kind!.Value, input.Audience!.Value, input.CareReason,
            input.Title ?? "", input.Body ?? "", input.Pinned, ToUtc(input.PublishAt), ToUtc(input.ValidUntil), access.User.RequiredId, name, now);
        // Files are checked before anything is written, written before the row, and removed if the row fails.
        var checkedFiles = await files.CheckAsync(uploads ?? [], ct);
        var stored = await files.SaveAsync(checkedFiles, now, ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Add(notice);
            await db.SaveChangesAsync(ct);
            foreach (var s in stored) db.Add(new NoticeAttachment(notice.Id, s.FileName, s.StoredName, s.ContentType, s.Length));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            files.Delete(stored);
            throw;
        }
        return notice.Id;
    }

    private static void CheckRequired(NoticeInput input)
    {
        var errors = new List<FieldError>();
        if (input.ScopeKind is null || !Enum.IsDefined(input.ScopeKind.Value) || input.ScopeKind == PlaceKind.Household) errors.Add(new("ScopeKind", "Notices.Error.Scope"));
        if (input.ScopeId is null) errors.Add(new("ScopeId", "Validation.Required"));
        if (input.Kind is null) errors.Add(new("Kind", "Validation.Required"));
        if (input.Audience is null) errors.Add(new("Audience", "Validation.Required"));
        if (errors.Count > 0) throw new ValidationFailure(errors);
    }

    // A saved draft, as typed, for the edit form (the body in Markdown, times in Beijing time).
    public async Task<NoticeInput> DraftAsync(long id, CancellationToken ct = default)
    {
        var n = await EditableAsync(id, ct);
        static DateTime? Beijing(DateTime? utc) => utc?.AddHours(8);
        return new NoticeInput(n.ScopeKind, n.ScopeId, n.Kind, n.Audience, n.CareReason, n.Title, n.Body, n.Pinned, Beijing(n.PublishAt), Beijing(n.ValidUntil),
            n.Version);
    }

    // Editing a draft: its author (or an administrator), with the version it was read at; a second
    // editor saving from the same version gets 409 and keeps what they typed.
    public async Task EditAsync(long id, NoticeInput input, IReadOnlyList<NoticeUpload>? uploads = null, CancellationToken ct = default)
    {
        var n = await EditableAsync(id, ct);
        CheckRequired(input);
        var place = await access.WritablePlaceAsync(input.ScopeKind!.Value, input.ScopeId!.Value, ct);
        n.Edit(place.SubdistrictId, place.CommunityId, place.Kind, place.Id, input.Kind!.Value, input.Audience!.Value, input.CareReason, input.Title ?? "",
            input.Body ?? "", input.Pinned, ToUtc(input.PublishAt), ToUtc(input.ValidUntil), input.Version, Now);
        // New files with the edit: checked first, saved with it, removed again if it fails (a lost race included).
        uploads ??= [];
        if (uploads.Count > 0 && await db.Set<NoticeAttachment>().CountAsync(a => a.NoticeId == id, ct) + uploads.Count > NoticeFiles.MaxFiles)
            throw new ValidationFailure("Files", "Notices.Error.TooManyFiles", NoticeFiles.MaxFiles);
        var stored = await files.SaveAsync(await files.CheckAsync(uploads, ct), Now, ct);
        try
        {
            foreach (var f in stored) db.Add(new NoticeAttachment(id, f.FileName, f.StoredName, f.ContentType, f.Length));
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            files.Delete(stored);
            throw;
        }
    }

    private async Task<Notice> EditableAsync(long id, CancellationToken ct)
    {
        var n = await ManagedAsync(id, ct);
        if (n.AuthorUserId != access.User.RequiredId && !access.User.IsInRole(Roles.Administrator)) throw new Forbidden("Notices.Error.NotAuthorEdit");
        if (n.Status != NoticeStatus.Draft) throw new DomainException("Notices.Error.EditNotDraft");
        return n;
    }

    // Pictures and PDFs are added while the notice is a draft; what is published is what was reviewed.
    public async Task<int> AddAttachmentsAsync(long id, IReadOnlyList<NoticeUpload> uploads, CancellationToken ct = default)
    {
        var n = await ManagedAsync(id, ct);
        if (n.Status != NoticeStatus.Draft) throw new DomainException("Notices.Error.NotDraft");
        if (uploads.Count == 0) throw new ValidationFailure("Files", "Validation.Required");
        var existing = await db.Set<NoticeAttachment>().CountAsync(a => a.NoticeId == id, ct);
        if (existing + uploads.Count > NoticeFiles.MaxFiles) throw new ValidationFailure("Files", "Notices.Error.TooManyFiles", NoticeFiles.MaxFiles);
        var stored = await files.SaveAsync(await files.CheckAsync(uploads, ct), Now, ct);
        try
        {
            foreach (var f in stored) db.Add(new NoticeAttachment(id, f.FileName, f.StoredName, f.ContentType, f.Length));
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            files.Delete(stored);
            throw;
        }
        return stored.Count;
    }

    // Sends it for review, or out (now, or at its time) when its kind needs none in that community.
    public async Task<NoticeStatus> SubmitAsync(long id, VersionInput input, CancellationToken ct = default)
    {
        var n = await ManagedAsync(id, ct);
        if (n.AuthorUserId != access.User.RequiredId && n.Status == NoticeStatus.Draft && !access.User.IsInRole(Roles.Administrator))
            throw new Forbidden("Notices.Error.NotAuthor");
        var needsReview = n.CommunityId is { } c
            ? await db.Set<NoticeReviewRule>().AnyAsync(r => r.CommunityId == c && r.Kind == n.Kind, ct)
            : NoticeReviewRule.Defaults.Contains(n.Kind);
        n.Submit(needsReview, input.Version, Now);
        await db.SaveChangesAsync(ct);
        return await PublishIfDueAsync(n, ct);
    }

    public async Task<NoticeStatus> ApproveAsync(long id, VersionInput input, CancellationToken ct = default)
    {
        var n = await ManagedAsync(id, ct);
        n.Approve(access.User.RequiredId, input.Version, Now);
        await db.SaveChangesAsync(ct);
        return await PublishIfDueAsync(n, ct);
    }

    public async Task SendBackAsync(long id, VersionInput input, CancellationToken ct = default)
    {
        var n = await ManagedAsync(id, ct);
        n.SendBack(access.User.RequiredId, input.Version);
        await db.SaveChangesAsync(ct);
    }

    public async Task WithdrawAsync(long id, VersionInput input, CancellationToken ct = default)
    {
        var n = await ManagedAsync(id, ct);
        var wasOut = n.Status == NoticeStatus.Published;
        n.Withdraw(input.Reason, input.Version, Now);
        if (wasOut) await webhooks.RaiseAsync("notice.withdrawn", n.CommunityId, new { id, n.Title, reason = n.WithdrawReason }, Now, ct);
        await db.SaveChangesAsync(ct);
    }

    // 已当面告知: a leader (or staff) records that they told a household in person.
    public async Task TellInPersonAsync(long id, long householdId, CancellationToken ct = default)
    {
        access.User.Require(Capability.TellInPerson);
        var households = await access.HouseholdsInMyScopeAsync(ct);
        if (!await households.AnyAsync(h => h.Id == householdId, ct)) throw new NotFound();
        var recipient = await db.Set<NoticeRecipient>().AsNoTracking().FirstOrDefaultAsync(r => r.NoticeId == id && r.HouseholdId == householdId, ct) ?? throw new NotFound();
        var status = await db.Set<Notice>().Where(n => n.Id == id).Select(n => n.Status).FirstAsync(ct);
        if (status != NoticeStatus.Published) throw new DomainException("Notices.Error.NotPublished");
        var userId = access.User.RequiredId;
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstAsync(ct);
        recipient.TellInPerson(userId, name, Now);
        // Two leaders at one door: the conditional update lets one record it; the other is told who did.
        var rows = await db.Set<NoticeRecipient>().Where(r => r.NoticeId == id && r.HouseholdId == householdId && r.ToldAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ToldAt, recipient.ToldAt).SetProperty(r => r.ToldByUserId, userId).SetProperty(r => r.ToldByName, name), ct);
        if (rows == 0)
        {
            var by = await db.Set<NoticeRecipient>().AsNoTracking().Where(r => r.NoticeId == id && r.HouseholdId == householdId).Select(r => r.ToldByName).FirstAsync(ct);
            throw new ConcurrencyConflict("Notices.Error.AlreadyTold", by ?? "");
        }
    }

    // A resident opened the notice: one statement, written only if their household is a recipient
    // (staff and visitors reading it count for nothing). Returns whether a new read was recorded.
    public async Task<bool> RecordReadAsync(long id, CancellationToken ct = default)
    {
        if (!access.User.IsAuthenticated) return false;
        var userId = access.User.RequiredId;
        var now = Now;
        var rows = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "NoticeReads" ("NoticeId", "UserId", "HouseholdId", "ReadAt")
            SELECT nr."NoticeId", u."Id", nr."HouseholdId", {now}
            FROM "AspNetUsers" u
            JOIN "Residents" r ON r."Id" = u."ResidentId"
            JOIN "NoticeRecipients" nr ON nr."NoticeId" = {id} AND nr."HouseholdId" = r."HouseholdId"
            WHERE u."Id" = {userId}
            ON CONFLICT ("NoticeId", "UserId") DO NOTHING
            """, ct);
        return rows > 0;
    }

    public async Task SetReviewKindsAsync(ReviewKindsInput input, CancellationToken ct = default)
    {
        var place = await access.WritablePlaceAsync(PlaceKind.Community, input.CommunityId, ct);
        if (place.Kind != PlaceKind.Community) throw new NotFound();
        var kinds = (input.Kinds ?? []).Distinct().ToList();
        if (kinds.Any(k => !Enum.IsDefined(k))) throw new ValidationFailure("Kinds", "Validation.Invalid");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<NoticeReviewRule>().Where(r => r.CommunityId == input.CommunityId).ExecuteDeleteAsync(ct);
        db.AddRange(kinds.Select(k => new NoticeReviewRule(input.CommunityId, k)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task<NoticeStatus> PublishIfDueAsync(Notice n, CancellationToken ct)
    {
        if (!n.IsDue(Now)) return n.Status;
        await publisher.PublishAsync(n, ct);
        return n.Status;
    }

    private async Task<Notice> ManagedAsync(long id, CancellationToken ct)
    {
        access.User.Require(Capability.ManageNotices);
        var n = await db.Set<Notice>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound();
        if (!await access.CanManageAsync(n, ct)) throw new NotFound();
        return n;
    }

    public static string Link(long id) => "/notices/" + id.ToString(CultureInfo.InvariantCulture);
}
