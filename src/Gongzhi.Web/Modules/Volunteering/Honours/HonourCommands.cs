using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Residents;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Web.Modules.Volunteering.Honours;

public sealed record NominateInput(long HonourKindId, long? VolunteerId, string? NomineeName, string? Reason, long? CommunityId = null);
public sealed record ReviewInput(bool Approve, string? Note);
public sealed record HonourRow(long Id, string Honour, string Nominee, string Reason, NominationStatus Status, DateTime CreatedAt, DateTime? AnnouncedAt, int Points);

// 评优: anyone signed in nominates with a reason; staff of the community review; an announcement
// publishes the honour on the public list, tells the nominee, and posts the honour's points.
public sealed class HonourCommands(GongzhiDb db, VolunteeringAccess access, PointsLedger ledger, VolunteerCommands volunteers, TimeProvider clock)
{
    public async Task<long> NominateAsync(NominateInput input, CancellationToken ct = default)
    {
        var user = access.User;
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        var kind = await db.HonourKinds.AsNoTracking().FirstOrDefaultAsync(k => k.Id == input.HonourKindId && k.Active, ct)
            ?? throw new ValidationFailure("HonourKindId", "Volunteering.Error.HonourUnknown");
        Volunteer? volunteer = null;
        if (input.VolunteerId is { } vid)
            volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == vid, ct) ?? throw new ValidationFailure("VolunteerId", "Volunteering.Error.VolunteerUnknown");
        var communityId = volunteer?.CommunityId ?? input.CommunityId ?? await access.HomeCommunityAsync(ct)
            ?? throw new ValidationFailure("CommunityId", "Volunteering.Error.NoCommunity");
        if (!await db.Communities.AnyAsync(c => c.Id == communityId, ct)) throw new ValidationFailure("CommunityId", "Volunteering.Error.NoCommunity");
        var nomination = new Nomination(kind.Id, communityId, volunteer?.Id, volunteer?.Name ?? input.NomineeName ?? "", input.Reason ?? "", user.RequiredId, clock.GetUtcNow().UtcDateTime);
        db.Nominations.Add(nomination);
        await db.SaveChangesAsync(ct);
        return nomination.Id;
    }

    public async Task ReviewAsync(long id, ReviewInput input, CancellationToken ct = default)
    {
        var nomination = await db.Nominations.FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw new NotFound();
        await access.RequireManageAsync(nomination.CommunityId, ct);
        nomination.Review(input.Approve, input.Note, access.User.RequiredId, clock.GetUtcNow().UtcDateTime);
        await SaveAsync(ct);
    }

    public async Task<int> AnnounceAsync(long id, CancellationToken ct = default)
    {
        var nomination = await db.Nominations.FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw new NotFound();
        await access.RequireManageAsync(nomination.CommunityId, ct);
        var kind = await db.HonourKinds.AsNoTracking().FirstAsync(k => k.Id == nomination.HonourKindId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        nomination.Announce(now);
        var points = nomination.VolunteerId is null ? 0 : await VolunteeringDefaults.RuleAsync(db, nomination.CommunityId, RuleKind.Honour, kind.Code, ct: ct);
        var volunteer = nomination.VolunteerId is { } vid ? await db.Volunteers.AsNoTracking().FirstAsync(v => v.Id == vid, ct) : null;
        long? pool = null, account = null;
        if (points > 0 && volunteer is not null)
        {
            pool = await ledger.PoolAsync(nomination.CommunityId, ct);
            account = await volunteers.AccountForAsync(volunteer, ct);
        }
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            if (pool is not null)
            {
                var txId = await ledger.WriteAsync(new PostingRequest(TransactionKind.HonourAward, $"honour:{nomination.Id}", kind.Name,
                    [new Posting(pool.Value, -points), new Posting(account!.Value, points)], nomination.Reason.Length > 200 ? nomination.Reason[..200] : nomination.Reason,
                    nomination.NominatedByUserId, access.User.Id), ct);
                nomination.Posted(txId);
                await db.SaveChangesAsync(ct);
            }
            if (volunteer?.UserId is not null)
                db.Notifications.Add(new Notification(volunteer.UserId, "volunteer.honour", "Volunteering.Notice.Honoured", [kind.Name, points.ToString(System.Globalization.CultureInfo.InvariantCulture)], "/volunteer/honours", now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(ex))
        {
            throw new ConcurrencyConflict("Volunteering.Error.AlreadyReviewed");
        }
        return points;
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        await db.SaveOrConflictAsync("Volunteering.Error.AlreadyReviewed", ct);
    }

    // The honours one can be nominated for, for the nomination form's picker.
    public Task<List<HonourKind>> KindsAsync(CancellationToken ct = default) =>
        db.HonourKinds.AsNoTracking().Where(k => k.Active).OrderBy(k => k.Id).ToListAsync(ct);

    // 公示: announced honours for everyone; pending and reviewed ones for the community's staff.
    public async Task<List<HonourRow>> ListAsync(bool pending, CancellationToken ct = default)
    {
        var q = from n in db.Nominations.AsNoTracking() join k in db.HonourKinds on n.HonourKindId equals k.Id select new { n, k };
        if (pending)
        {
            var communityId = await access.HomeCommunityAsync(ct) ?? 0;
            await access.RequireManageAsync(communityId, ct);
            q = q.Where(x => x.n.CommunityId == communityId && (x.n.Status == NominationStatus.Pending || x.n.Status == NominationStatus.Approved));
        }
        else q = q.Where(x => x.n.Status == NominationStatus.Announced);
        var rows = await q.OrderByDescending(x => x.n.Id).Take(100)
            .Select(x => new { x.n.Id, Honour = x.k.Name, x.k.Code, x.n.NomineeName, x.n.Reason, x.n.Status, x.n.CreatedAt, x.n.AnnouncedAt, x.n.TransactionId }).ToListAsync(ct);
        var txIds = rows.Where(r => r.TransactionId != null).Select(r => r.TransactionId!.Value).ToList();
        var amounts = await db.PointsEntries.Where(e => txIds.Contains(e.TransactionId) && e.Amount > 0).GroupBy(e => e.TransactionId)
            .Select(g => new { g.Key, Sum = g.Sum(e => e.Amount) }).ToDictionaryAsync(x => x.Key, x => x.Sum, ct);
        return rows.Select(r => new HonourRow(r.Id, r.Honour, r.NomineeName, r.Reason, r.Status, r.CreatedAt, r.AnnouncedAt,
            r.TransactionId is { } t && amounts.TryGetValue(t, out var p) ? (int)p : 0)).ToList();
    }
}
