using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Volunteering.Points;

// 积分有效期: with ExpiryQuarters = N > 0, points credited before the start of the quarter N
// quarters back expire, first in first out: whatever has since left the account (spent, corrected,
// expired before) is taken from the oldest points first. Each run posts at most one expiry per
// account and cut-off (the key names both), so running it twice changes nothing. One community at a
// time, by its own rule, run by an approver of that community.
public sealed class PointsExpiry(GongzhiDb db, PointsLedger ledger, VolunteeringAccess access, TimeProvider clock)
{
    public async Task<int> RunAsync(long communityId, CancellationToken ct = default)
    {
        await access.RequireApproveAsync(communityId, ct);
        var quarters = await VolunteeringDefaults.RuleAsync(db, communityId, RuleKind.ExpiryQuarters, ct: ct);
        if (quarters <= 0) return 0;
        var cutoff = Cutoff(clock.GetUtcNow(), quarters);
        var accounts = await db.PointsAccounts.AsNoTracking().Where(a => a.Kind == AccountKind.Volunteer && a.Balance > 0 && a.CommunityId == communityId)
            .Select(a => new { a.Id, a.CommunityId, a.Balance }).ToListAsync(ct);
        var posted = 0;
        foreach (var a in accounts)
        {
            var oldCredits = await db.PointsEntries.Where(e => e.AccountId == a.Id && e.Amount > 0 && e.CreatedAt < cutoff).SumAsync(e => e.Amount, ct);
            var debits = -await db.PointsEntries.Where(e => e.AccountId == a.Id && e.Amount < 0).SumAsync(e => e.Amount, ct);
            var expire = Math.Min(a.Balance, oldCredits - debits);
            if (expire <= 0 || a.CommunityId is null) continue;
            var pool = await ledger.PoolAsync(a.CommunityId.Value, ct);
            var result = await ledger.PostAsync(new PostingRequest(TransactionKind.Expiry, $"expiry:{a.Id}:{cutoff:yyyyMMdd}", "积分到期",
                [new Posting(a.Id, -expire), new Posting(pool, expire)]), ct);
            if (result.Created) posted++;
        }
        return posted;
    }

    // The first day (China time) of the quarter `quarters` quarters before the current one.
    public static DateTime Cutoff(DateTimeOffset now, int quarters)
    {
        var local = now.ToOffset(TimeSpan.FromHours(8));
        var start = new DateTime(local.Year, (local.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(-3 * quarters);
        return DateTime.SpecifyKind(start.AddHours(-8), DateTimeKind.Utc);
    }
}
