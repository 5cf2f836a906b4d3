using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Volunteering.Points;

// What a credit did: whether the account is a volunteer's (no volunteer, no points), the points, and
// the ledger transaction (Created false when the key had already been posted).
public sealed record ServiceCreditResult(bool IsVolunteer, long Points, long? TransactionId, bool Created);

// Service done through another module (a care pair's visit) earning points at the community's
// per-hour rate plus the bonus rule for its kind, posted through the ledger like confirmed shift hours,
// once per key: the caller's key (one per visit) makes a second confirmation earn nothing more.
public sealed class ServiceCredit(GongzhiDb db, PointsLedger ledger, VolunteerCommands volunteers)
{
    public async Task<ServiceCreditResult> CreditAsync(string userId, long communityId, int minutes, string kind, string key, string memo,
        string? byUserId, CancellationToken ct = default)
    {
        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.UserId == userId, ct);
        if (volunteer is null) return new ServiceCreditResult(false, 0, null, false);
        if (await ledger.ExistingAsync(key, ct) is { } done) return new ServiceCreditResult(true, await PointsOfAsync(done, ct), done, false);
        var perHour = await VolunteeringDefaults.RuleAsync(db, communityId, RuleKind.PerHour, ct: ct);
        var bonus = await VolunteeringDefaults.RuleAsync(db, communityId, RuleKind.ActivityKind, kind, ct: ct);
        var points = (long)minutes * perHour / 60 + (minutes > 0 ? bonus : 0);
        if (points <= 0) return new ServiceCreditResult(true, 0, null, false);
        var pool = await ledger.PoolAsync(communityId, ct);
        var account = await volunteers.AccountForAsync(volunteer, ct);
        var posted = await ledger.PostAsync(new PostingRequest(TransactionKind.HoursAward, key, memo,
            [new Posting(pool, -points), new Posting(account, points)], CreatedByUserId: byUserId), ct);
        return new ServiceCreditResult(true, posted.Created ? points : await PointsOfAsync(posted.TransactionId, ct), posted.TransactionId, posted.Created);
    }

    private Task<long> PointsOfAsync(long transactionId, CancellationToken ct) =>
        db.PointsEntries.Where(e => e.TransactionId == transactionId && e.Amount > 0).SumAsync(e => e.Amount, ct);
}
