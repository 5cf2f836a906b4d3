using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Intake;
using Gongzhi.Web.Modules.Requests.Photos;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Notifications;
using Gongzhi.Web.Platform.Webhooks;

namespace Gongzhi.Web.Modules.Care;

public sealed record VisitInput(
    VisitKind Kind,
    VisitCondition Condition,
    IReadOnlyList<VisitActions>? Actions = null,
    string? Note = null,
    // 发现需求: the need becomes a case of this category (紧急 makes one even without it).
    bool Need = false,
    long? CategoryId = null,
    string? IdempotencyKey = null);

public sealed record VisitResult(long Id, long? CaseId, bool Created);

// A visit recorded on the stairs. A need found becomes a case through Requests' own intake (its
// public surface), the case first, under a key derived from the visit's key, so a retry after a
// lost answer finds both the case and the visit instead of making them twice. Then one
// transaction writes the visit with its case, moves the recipient's next due date, and tells the
// grid leader about an urgent visit or a second 门口未见 in a row.
public sealed class RecordVisit(GongzhiDb db, CareAccess access, CurrentUser user, SubmitCase submitCase, PhotoStore photos, IWebhookEvents webhooks,
    TimeProvider clock)
{
    public async Task<VisitResult> RunAsync(long recipientId, VisitInput input, CancellationToken ct = default) =>
        await RunAsync(recipientId, input, [], ct);

    // With the optional photo of the phone form (one; JPEG, PNG or WebP, checked before anything is written).
    public async Task<VisitResult> RunAsync(long recipientId, VisitInput input, IReadOnlyList<PhotoUpload> photo, CancellationToken ct = default)
    {
        var (recipient, gridId) = await access.ForVisitAsync(recipientId, ct: ct);
        var key = KeyFor(input.IdempotencyKey);
        if (key is not null && await ExistingAsync(key, ct) is { } existing) return existing;
        if (recipient.Status == CareStatus.Ended) throw new DomainException("Care.Error.Ended");
        if (photo.Count > 1) throw new ValidationFailure("Photos", "Care.Error.OnePhoto");
        var checkedPhoto = await photos.CheckAsync(photo, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var actions = (input.Actions ?? []).Aggregate(VisitActions.None, (all, a) => all | a);
        // Built before anything is written: a bad kind, condition or note refuses the whole visit.
        var visit = new Visit(recipient.Id, gridId, user.RequiredId, user.Name, now, input.Kind, input.Condition, actions, input.Note, key);
        // The helper of a running pair visits as the pair: staff can then confirm it for their points.
        var me = user.RequiredId;
        if (await db.Set<CarePair>().Where(p => p.RecipientId == recipient.Id && p.HelperUserId == me && p.To == null)
                .Select(p => (long?)p.Id).FirstOrDefaultAsync(ct) is { } pairId)
            visit.ByPair(pairId);
        var stored = await photos.SaveAsync(checkedPhoto, now, ct);
        if (stored.Count == 1) visit.AttachPhoto(stored[0].StoredName, stored[0].ContentType);
        try
        {
            var result = await WriteAsync(recipientId, gridId, recipient, visit, input, key, now, ct);
            // A retry that lost the race to its first send found that visit: this send's photo is not kept.
            if (!result.Created) photos.Delete(stored);
            return result;
        }
        catch
        {
            // Nothing was recorded (or the first send was): the photo goes with it.
            photos.Delete(stored);
            throw;
        }
    }

    private async Task<VisitResult> WriteAsync(long recipientId, long gridId, CareRecipient recipient, Visit visit, VisitInput input, string? key, DateTime now, CancellationToken ct)
    {
        long? caseId = null;
        // A pair's helper who is a neighbour, not staff, cannot open a case for another household: what they
        // found goes to the grid's workers (and an urgent one to its leader), who open the case.
        var handOver = (input.Need || input.Condition == VisitCondition.Urgent) && !user.Can(Capability.EnterCases) && !user.Can(Capability.RelayCases);
        if ((input.Need || input.Condition == VisitCondition.Urgent) && !handOver)
        {
            var categoryId = input.CategoryId ?? (input.Condition == VisitCondition.Urgent
                ? await db.CaseCategories.Where(c => c.Code == "other").Select(c => (long?)c.Id).FirstOrDefaultAsync(ct)
                : null) ?? throw new ValidationFailure("CategoryId", "Care.Error.CategoryRequired");
            var description = (input.Condition == VisitCondition.Urgent ? "【关爱走访·紧急】" : "【关爱走访】")
                              + (visit.Note ?? "走访中发现需求，请跟进。");
            // The person visited is the one the case is for: their name and phone, as a worker taking a call would enter them.
            var person = await db.Residents.AsNoTracking().Where(r => r.Id == recipient.ResidentId).Select(r => new { r.Name, r.Phone }).FirstAsync(ct);
            var submitted = await submitCase.RunAsync(new CaseInput(categoryId, description, HouseholdId: recipient.HouseholdId,
                Channel: user.Can(Capability.EnterCases) ? Requests.Channel.Visit : null, CallerName: person.Name, CallerPhone: person.Phone,
                IdempotencyKey: "care-visit:" + (key ?? Guid.NewGuid().ToString("N"))), ct: ct);
            caseId = submitted.Id;
            visit.LinkCase(submitted.Id);
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SaveAsync(recipientId, gridId, visit, input, caseId, handOver, now, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 2)
            {
                // Two visitors recorded visits at the same moment: both visits stand, so reload and apply again.
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException ex) when (key is not null && DbErrors.IsUniqueViolation(ex))
            {
                db.ChangeTracker.Clear();
                return await ExistingAsync(key, ct) ?? throw new ConcurrencyConflict();
            }
        }
    }

    public const string UrgentEvent = "visit.urgent";

    private async Task<VisitResult> SaveAsync(long recipientId, long gridId, Visit visit, VisitInput input, long? caseId, bool handOver, DateTime now, CancellationToken ct)
    {
        var recipient = await db.Set<CareRecipient>().FirstAsync(r => r.Id == recipientId, ct);
        var notSeenTwice = recipient.RecordVisit(input.Kind, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Set<Visit>().Add(visit);
        await db.SaveChangesAsync(ct);
        var name = await db.Residents.Where(r => r.Id == recipient.ResidentId).Select(r => r.Name).FirstAsync(ct);
        var link = $"/care/recipients/{recipient.Id}";
        var id = visit.Id.ToString(CultureInfo.InvariantCulture);
        foreach (var leader in await CareAccess.GridLeadersAsync(db, gridId, access.Today, ct))
        {
            if (input.Condition == VisitCondition.Urgent)
                db.Notifications.Add(caseId is { } opened
                    ? new Notification(leader, "care.urgent", "Care.Notice.Urgent", [name, opened.ToString(CultureInfo.InvariantCulture)], link, now)
                    : new Notification(leader, "care.urgent", "Care.Notice.UrgentNoCase", [name, user.Name], link, now));
            if (notSeenTwice)
                db.Notifications.Add(new Notification(leader, "care.not-seen", "Care.Notice.NotSeenTwice", [name, id], link, now));
        }
        if (handOver)
        {
            foreach (var worker in await CareAccess.GridWorkersAsync(db, gridId, access.Today, ct))
                db.Notifications.Add(new Notification(worker, "care.need", "Care.Notice.NeedFromHelper", [name, user.Name, visit.Note ?? ""], link, now));
        }
        if (input.Condition == VisitCondition.Urgent)
        {
            // Other systems get the visit, the recipient's number and the case, not the person's name or notes.
            var community = await db.Grids.Where(g => g.Id == gridId).Select(g => g.CommunityId).FirstAsync(ct);
            await webhooks.RaiseAsync(UrgentEvent, community, new
            {
                id = visit.Id, recipientId = recipient.Id, gridId, caseId, visitedAt = now, url = link,
            }, now, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new VisitResult(visit.Id, caseId, true);
    }

    private string? KeyFor(string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        if (key.Length > 100) throw new ValidationFailure("IdempotencyKey", "Validation.TooLong", 100);
        // Hashed with the visitor, so two visitors' keys never collide.
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("user:" + user.RequiredId + "\n" + key.Trim())));
    }

    private Task<VisitResult?> ExistingAsync(string key, CancellationToken ct) =>
        db.Set<Visit>().AsNoTracking().Where(v => v.IdempotencyKey == key)
            .Select(v => new VisitResult(v.Id, v.CaseId, false)).FirstOrDefaultAsync(ct)!;
}
