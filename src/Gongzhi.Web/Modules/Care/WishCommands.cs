using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Web.Modules.Care;

public sealed record WishInput(string? Title, string? Description);

public sealed record FulfilInput(string? Note, int Version);

// Small wishes: staff publish and confirm; a volunteer, party member or merchant claims and fulfils.
public sealed class WishCommands(GongzhiDb db, CareAccess access, CurrentUser user, TimeProvider clock)
{
    public async Task<long> PublishAsync(long recipientId, WishInput input, CancellationToken ct = default)
    {
        var (recipient, gridId) = await access.ForManageAsync(recipientId, ct);
        if (recipient.Status == CareStatus.Ended) throw new DomainException("Care.Error.Ended");
        var communityId = await db.Grids.Where(g => g.Id == gridId).Select(g => g.CommunityId).FirstAsync(ct);
        var wish = new Wish(recipient.Id, communityId, input.Title ?? "", input.Description, user.RequiredId, clock.GetUtcNow().UtcDateTime);
        db.Set<Wish>().Add(wish);
        await db.SaveChangesAsync(ct);
        return wish.Id;
    }

    // Anyone who may claim: a registered volunteer, a merchant of the alliance, or staff who visit.
    public async Task<bool> MayClaimAsync(CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) return false;
        if (user.IsInRole(Roles.Merchant) || user.Can(Capability.VisitCare)) return true;
        var me = user.RequiredId;
        return await db.Volunteers.AnyAsync(v => v.UserId == me, ct);
    }

    // First come: one conditional UPDATE, so of two claimants at once exactly one changes the row.
    public async Task ClaimAsync(long id, CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        if (!await db.Set<Wish>().AnyAsync(w => w.Id == id && w.Status != WishStatus.Withdrawn, ct)) throw new NotFound();
        if (!await MayClaimAsync(ct)) throw new Forbidden("Care.Error.ClaimWho");
        var me = user.RequiredId;
        var name = user.Name.Length > 30 ? user.Name[..30] : user.Name;
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Set<Wish>().Where(w => w.Id == id && w.Status == WishStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, WishStatus.Claimed).SetProperty(w => w.ClaimantUserId, me)
                .SetProperty(w => w.ClaimantName, name).SetProperty(w => w.ClaimedAt, now).SetProperty(w => w.Version, w => w.Version + 1), ct);
        if (claimed == 0) throw new ConcurrencyConflict("Care.Error.WishTaken");
    }

    public async Task FulfilAsync(long id, FulfilInput input, CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        var wish = await db.Set<Wish>().FirstOrDefaultAsync(w => w.Id == id && w.Status != WishStatus.Withdrawn, ct) ?? throw new NotFound();
        if (wish.Version != input.Version) throw new ConcurrencyConflict();
        var now = clock.GetUtcNow().UtcDateTime;
        wish.Fulfil(user.RequiredId, input.Note, now);
        db.Notifications.Add(new Notification(wish.PublishedByUserId, "care.wish-done", "Care.Notice.WishDone", [wish.Title], "/care/wishes", now));
        await db.SaveChangesAsync(ct);
    }

    public async Task ConfirmAsync(long id, int version, CancellationToken ct = default)
    {
        var wish = await ForStaffAsync(id, ct);
        if (wish.Version != version) throw new ConcurrencyConflict();
        wish.Confirm(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    public async Task WithdrawAsync(long id, int version, CancellationToken ct = default)
    {
        var wish = await ForStaffAsync(id, ct);
        if (wish.Version != version) throw new ConcurrencyConflict();
        wish.Withdraw();
        await db.SaveChangesAsync(ct);
    }

    private async Task<Wish> ForStaffAsync(long id, CancellationToken ct)
    {
        var recipientId = await db.Set<Wish>().Where(w => w.Id == id).Select(w => (long?)w.RecipientId).FirstOrDefaultAsync(ct) ?? throw new NotFound();
        await access.ForManageAsync(recipientId, ct);
        return await db.Set<Wish>().FirstAsync(w => w.Id == id, ct);
    }
}
