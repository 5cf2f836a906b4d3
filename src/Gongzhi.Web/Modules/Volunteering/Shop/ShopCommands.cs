using System.Security.Cryptography;
using System.Text;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Residents;
using Gongzhi.Web.Modules.Volunteering.Points;

namespace Gongzhi.Web.Modules.Volunteering.Shop;

public sealed record RewardInput(long? CommunityId, string? Name, string? Description, int Price, int Stock);
public sealed record RewardEdit(string? Name, string? Description, int Price, bool Active, int Version);
public sealed record RedeemInput(long RewardId, string? IdempotencyKey = null);
public sealed record RedeemResult(long RedemptionId, string PickupCode, int Price, bool Created);
public sealed record CollectInput(string? PickupCode);

// 积分兑换超市. A redemption is one database transaction: take one from stock (conditional UPDATE,
// Stock > 0), write the redemption, post volunteer → shop (conditional UPDATE, balance never below
// zero). If either refuses, everything rolls back: no stock lost, no points moved.
public sealed class ShopCommands(GongzhiDb db, VolunteeringAccess access, PointsLedger ledger, VolunteerCommands volunteers, TimeProvider clock,
    Requests.Photos.PhotoStore photos)
{
    public async Task<long> CreateRewardAsync(RewardInput input, CancellationToken ct = default)
    {
        access.User.Require(Platform.Accounts.Capability.ManageVolunteering);
        var communityId = input.CommunityId ?? await access.HomeCommunityAsync(ct) ?? throw new ValidationFailure("CommunityId", "Validation.Required");
        await access.RequireManageAsync(communityId, ct);
        var reward = new Reward(communityId, input.Name ?? "", input.Description, input.Price, input.Stock, clock.GetUtcNow().UtcDateTime);
        db.Rewards.Add(reward);
        await db.SaveChangesAsync(ct);
        await ledger.ShopAsync(communityId, ct);
        return reward.Id;
    }

    // Staff of the reward's community change its name, description and price, or take it off the shelf and back
    // (redemptions already made keep the price they were made at). A stale version: 409, nothing changed.
    public async Task EditRewardAsync(long rewardId, RewardEdit input, CancellationToken ct = default)
    {
        access.User.Require(Platform.Accounts.Capability.ManageVolunteering);
        var reward = await db.Rewards.FirstOrDefaultAsync(r => r.Id == rewardId, ct) ?? throw new NotFound();
        await access.RequireManageAsync(reward.CommunityId, ct);
        reward.Edit(input.Name ?? "", input.Description, input.Price, input.Active, input.Version);
        await db.SaveChangesAsync(ct);
    }

    // Restocking adds to what is there (a conditional-free increment: it cannot oversell).
    public async Task RestockAsync(long rewardId, int add, CancellationToken ct = default)
    {
        var reward = await db.Rewards.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rewardId, ct) ?? throw new NotFound();
        await access.RequireManageAsync(reward.CommunityId, ct);
        Guard.Range(add, 1, 100_000, "Stock");
        await db.Rewards.Where(r => r.Id == rewardId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Stock, r => r.Stock + add), ct);
    }

    // Staff of the reward's community set, replace or remove its cover picture.
    public async Task SetCoverAsync(long rewardId, Requests.Photos.PhotoUpload? upload, bool remove, CancellationToken ct = default)
    {
        access.User.Require(Platform.Accounts.Capability.ManageVolunteering);
        var reward = await db.Rewards.FirstOrDefaultAsync(r => r.Id == rewardId, ct) ?? throw new NotFound();
        await access.RequireManageAsync(reward.CommunityId, ct);
        await Requests.Photos.CoverPictures.ReplaceAsync(photos, upload, remove, clock.GetUtcNow().UtcDateTime, reward.SetCover, () => db.SaveChangesAsync(ct), ct);
    }

    // A cover is shown to whoever may see the shelf: the reward's own community (its volunteers and staff).
    public async Task<Reward> VisibleRewardAsync(long rewardId, CancellationToken ct = default)
    {
        var reward = await db.Rewards.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rewardId, ct) ?? throw new NotFound();
        var me = await access.MeOrNullAsync(ct);
        var community = me?.CommunityId ?? await access.HomeCommunityAsync(ct);
        if (community != reward.CommunityId && !await access.CanManageCommunityAsync(reward.CommunityId, ct)) throw new NotFound();
        return reward;
    }

    public async Task<RedeemResult> RedeemAsync(RedeemInput input, CancellationToken ct = default)
    {
        var me = await access.MeAsync(ct);
        var key = KeyFor(me.Id, input.IdempotencyKey);
        if (input.IdempotencyKey is not null && await ExistingAsync(key, ct) is { } done) return done;
        // Points are spent where they were earned: another community's shelf is not there for this volunteer.
        var reward = await db.Rewards.AsNoTracking().FirstOrDefaultAsync(r => r.Id == input.RewardId && r.Active, ct)
            ?? throw new ValidationFailure("RewardId", "Volunteering.Error.RewardUnknown");
        if (reward.CommunityId != me.CommunityId) throw new NotFound();
        // Once the shelf is empty a rush is answered by reads alone, without queueing for the write.
        if (reward.Stock <= 0) throw new ConcurrencyConflict("Volunteering.Error.OutOfStock");
        var account = await volunteers.AccountForAsync(me, ct);
        var shop = await ledger.ShopAsync(reward.CommunityId, ct);
        // A cheap early refusal; the posting below checks again under the row lock.
        if (await db.PointsAccounts.Where(a => a.Id == account).Select(a => a.Balance).FirstAsync(ct) < reward.Price)
            throw new ValidationFailure("Points", "Volunteering.Error.NotEnoughPoints");
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var took = await db.Rewards.Where(r => r.Id == reward.Id && r.Stock > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Stock, r => r.Stock - 1), ct);
            if (took == 0) throw new ConcurrencyConflict("Volunteering.Error.OutOfStock");
            var redemption = new Redemption(reward.Id, me.Id, reward.Price, key, clock.GetUtcNow().UtcDateTime);
            db.Redemptions.Add(redemption);
            await db.SaveChangesAsync(ct);
            var txId = await ledger.WriteAsync(new PostingRequest(TransactionKind.Redemption, $"redemption:{redemption.Id}", reward.Name,
                [new Posting(account, -reward.Price), new Posting(shop, reward.Price)], CreatedByUserId: access.User.Id), ct);
            redemption.Posted(txId);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new RedeemResult(redemption.Id, redemption.PickupCode, redemption.Price, true);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex, "IX_Redemptions_IdempotencyKey", "Redemptions.IdempotencyKey"))
        {
            db.ChangeTracker.Clear();
            return await ExistingAsync(key, ct) ?? throw new ConcurrencyConflict();
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex, "IX_Redemptions_PickupCode", "Redemptions.PickupCode"))
        {
            // Two random pickup codes met (1 in 90 million): the volunteer simply tries again.
            throw new ConcurrencyConflict();
        }
    }

    private static string KeyFor(long volunteerId, string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) return "once:" + Guid.NewGuid().ToString("N");
        if (key.Length > 100) throw new ValidationFailure("IdempotencyKey", "Validation.TooLong", 100);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{volunteerId}\n{key.Trim()}")));
    }

    private async Task<RedeemResult?> ExistingAsync(string key, CancellationToken ct) =>
        await db.Redemptions.AsNoTracking().Where(r => r.IdempotencyKey == key)
            .Select(r => new RedeemResult(r.Id, r.PickupCode, r.Price, false)).FirstOrDefaultAsync(ct);

    // Staff hand the reward over against the pickup code.
    public async Task<long> CollectAsync(CollectInput input, CancellationToken ct = default)
    {
        access.User.Require(Platform.Accounts.Capability.ManageVolunteering);
        var code = input.PickupCode?.Trim() ?? "";
        var redemption = await db.Redemptions.FirstOrDefaultAsync(r => r.PickupCode == code, ct) ?? throw new ValidationFailure("PickupCode", "Volunteering.Error.PickupUnknown");
        var communityId = await db.Rewards.Where(r => r.Id == redemption.RewardId).Select(r => r.CommunityId).FirstAsync(ct);
        if (!await access.CanManageCommunityAsync(communityId, ct)) throw new ValidationFailure("PickupCode", "Volunteering.Error.PickupUnknown");
        redemption.Collect(access.User.RequiredId, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return redemption.Id;
    }

    // Cancelling (the volunteer, or staff) puts the reward back on the shelf and reverses the posting.
    public async Task CancelAsync(long redemptionId, CancellationToken ct = default)
    {
        var redemption = await db.Redemptions.FirstOrDefaultAsync(r => r.Id == redemptionId, ct) ?? throw new NotFound();
        var communityId = await db.Rewards.Where(r => r.Id == redemption.RewardId).Select(r => r.CommunityId).FirstAsync(ct);
        var me = await access.MeOrNullAsync(ct);
        if (me?.Id != redemption.VolunteerId && !await access.CanManageCommunityAsync(communityId, ct)) throw new NotFound();
        redemption.Cancel(access.User.RequiredId, clock.GetUtcNow().UtcDateTime);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct); // the version check: a second cancel or a collect at once fails here
            await db.Rewards.Where(r => r.Id == redemption.RewardId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Stock, r => r.Stock + 1), ct);
            if (redemption.TransactionId is { } txId)
                await ledger.WriteAsync(await ledger.ReversalOfAsync(txId, "取消兑换", access.User.Id, ct), ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // The redemption's posting was already corrected by hand.
            throw new ConcurrencyConflict("Volunteering.Error.AlreadyReversed");
        }
    }
}
