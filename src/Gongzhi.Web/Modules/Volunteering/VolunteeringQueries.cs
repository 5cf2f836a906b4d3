using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Merchants;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;

namespace Gongzhi.Web.Modules.Volunteering;

public sealed record LedgerLine(long TransactionId, DateTime At, TransactionKind Kind, string Memo, long Amount, string? Reason);
public sealed record MySignup(long ShiftId, long ActivityId, string Title, DateTime StartsAt, DateTime EndsAt, string Place, SignupStatus Status, int? Minutes);
public sealed record MyRedemption(long Id, string Reward, int Price, string PickupCode, RedemptionStatus Status, DateTime CreatedAt);
public sealed record MyRecord(long VolunteerId, string Name, string? Skills, string? Availability, long Balance, int ConfirmedMinutes,
    int Activities, IReadOnlyList<string> Teams, IReadOnlyList<MySignup> Signups, IReadOnlyList<LedgerLine> Ledger, IReadOnlyList<MyRedemption> Redemptions,
    IReadOnlyList<string> Honours);
public sealed record ShiftRow(long Id, DateTime StartsAt, DateTime EndsAt, string Place, int Capacity, int Taken, string? Skills, SignupStatus? Mine);
public sealed record ActivityRow(long Id, string Title, string Kind, string? Team, DateTime? FirstStart, int Free);
public sealed record ActivityView(long Id, string Title, string Kind, string? Description, string? Team, bool CanOrganise, IReadOnlyList<ShiftRow> Shifts);
public sealed record RosterRow(long SignupId, long VolunteerId, string Name, string? Phone, SignupStatus Status, DateTime? CheckedInAt, DateTime? CheckedOutAt, int? Minutes);
public sealed record RewardRow(long Id, string Name, string? Description, int Price, int Stock, string? Cover = null, bool Active = true, int Version = 0);
public sealed record OfferRow(long Id, string Merchant, string Title, OfferKind Kind, int Points);
public sealed record PublicAward(DateTime At, string Volunteer, TransactionKind Kind, string Memo, string? Reason, long Points, bool Reversed);
public sealed record TeamRow(long Id, string Name, string? Description, int Members, IReadOnlyList<string> Leaders);
public sealed record PendingAward(long Id, long VolunteerId, string Volunteer, int Points, string Reason, DateTime CreatedAt, bool Mine);
public sealed record VolunteerRow(long Id, string Name, string? Skills, long Balance);

public sealed class VolunteeringQueries(GongzhiDb db, VolunteeringAccess access, TimeProvider clock)
{
    public async Task<MyRecord?> MeAsync(CancellationToken ct = default)
    {
        var me = await access.MeOrNullAsync(ct);
        if (me is null) return null;
        var code = PointsAccount.VolunteerCode(me.Id);
        var balance = await db.PointsAccounts.Where(a => a.Code == code).Select(a => a.Balance).FirstOrDefaultAsync(ct);
        var signups = await (from s in db.ShiftSignups join sh in db.Shifts on s.ShiftId equals sh.Id join a in db.VolunteerActivities on sh.ActivityId equals a.Id
                             where s.VolunteerId == me.Id orderby sh.StartsAt descending
                             select new MySignup(sh.Id, a.Id, a.Title, sh.StartsAt, sh.EndsAt, sh.Place, s.Status, s.ConfirmedMinutes)).Take(50).ToListAsync(ct);
        var minutes = await db.ShiftSignups.Where(s => s.VolunteerId == me.Id && s.Status == SignupStatus.Confirmed).SumAsync(s => s.ConfirmedMinutes ?? 0, ct);
        var served = await db.ShiftSignups.CountAsync(s => s.VolunteerId == me.Id && s.Status == SignupStatus.Confirmed, ct);
        var ledger = await (from e in db.PointsEntries join a in db.PointsAccounts on e.AccountId equals a.Id join t in db.PointsTransactions on e.TransactionId equals t.Id
                            where a.Code == code orderby e.Id descending
                            select new LedgerLine(t.Id, e.CreatedAt, t.Kind, t.Memo, e.Amount, t.Reason)).Take(50).ToListAsync(ct);
        var redemptions = await (from r in db.Redemptions join w in db.Rewards on r.RewardId equals w.Id where r.VolunteerId == me.Id orderby r.Id descending
                                 select new MyRedemption(r.Id, w.Name, r.Price, r.PickupCode, r.Status, r.CreatedAt)).Take(20).ToListAsync(ct);
        var teams = await (from m in db.TeamMembers join t in db.Teams on m.TeamId equals t.Id where m.VolunteerId == me.Id select t.Name).ToListAsync(ct);
        var honours = await (from n in db.Nominations join k in db.HonourKinds on n.HonourKindId equals k.Id
                             where n.VolunteerId == me.Id && n.Status == Honours.NominationStatus.Announced select k.Name).ToListAsync(ct);
        return new MyRecord(me.Id, me.Name, me.Skills, me.Availability, balance, minutes, served, teams, signups, ledger, redemptions, honours);
    }

    public async Task<List<ActivityRow>> ActivitiesAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await (from a in db.VolunteerActivities.AsNoTracking()
                          where a.Status == ActivityStatus.Open && db.Shifts.Any(s => s.ActivityId == a.Id && s.EndsAt > now)
                          orderby a.Id descending
                          select new
                          {
                              a.Id, a.Title, a.Kind,
                              Team = db.Teams.Where(t => t.Id == a.TeamId).Select(t => t.Name).FirstOrDefault(),
                              First = db.Shifts.Where(s => s.ActivityId == a.Id && s.EndsAt > now).Min(s => (DateTime?)s.StartsAt),
                              Free = db.Shifts.Where(s => s.ActivityId == a.Id && s.EndsAt > now).Sum(s => s.Capacity - s.Taken),
                          }).Take(100).ToListAsync(ct);
        return rows.Select(r => new ActivityRow(r.Id, r.Title, r.Kind, r.Team, r.First, r.Free)).OrderBy(r => r.FirstStart).ToList();
    }

    public async Task<ActivityView> ActivityAsync(long id, CancellationToken ct = default)
    {
        var a = await db.VolunteerActivities.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound();
        var me = await access.MeOrNullAsync(ct);
        var shifts = await db.Shifts.AsNoTracking().Where(s => s.ActivityId == id).OrderBy(s => s.StartsAt).ToListAsync(ct);
        var shiftIds = shifts.Select(s => s.Id).ToList();
        var mine = me is null ? [] : await db.ShiftSignups.Where(s => s.VolunteerId == me.Id && shiftIds.Contains(s.ShiftId))
            .ToDictionaryAsync(s => s.ShiftId, s => s.Status, ct);
        var team = a.TeamId is null ? null : await db.Teams.Where(t => t.Id == a.TeamId).Select(t => t.Name).FirstOrDefaultAsync(ct);
        return new ActivityView(a.Id, a.Title, a.Kind, a.Description, team, await access.CanOrganiseAsync(a, ct),
            shifts.Select(s => new ShiftRow(s.Id, s.StartsAt, s.EndsAt, s.Place, s.Capacity, s.Taken, s.Skills, mine.TryGetValue(s.Id, out var st) ? st : null)).ToList());
    }

    // The organiser's roster; phone numbers are for the organiser only, masked in the middle.
    public async Task<List<RosterRow>> RosterAsync(long shiftId, CancellationToken ct = default)
    {
        var shift = await db.Shifts.AsNoTracking().FirstOrDefaultAsync(s => s.Id == shiftId, ct) ?? throw new NotFound();
        await access.OrganiseAsync(shift.ActivityId, ct);
        var rows = await (from s in db.ShiftSignups join v in db.Volunteers on s.VolunteerId equals v.Id where s.ShiftId == shiftId orderby s.Id
                          select new RosterRow(s.Id, v.Id, v.Name, v.Phone, s.Status, s.CheckedInAt, s.CheckedOutAt, s.ConfirmedMinutes)).ToListAsync(ct);
        return rows.Select(r => r with { Phone = r.Phone is { Length: 11 } p ? p[..3] + "****" + p[7..] : r.Phone }).ToList();
    }

    // The shelf; withOffShelf: with the rewards taken off it too (staff's list, from which they put them back).
    public async Task<List<RewardRow>> RewardsAsync(bool withOffShelf = false, CancellationToken ct = default)
    {
        var me = await access.MeOrNullAsync(ct);
        var community = me?.CommunityId ?? await access.HomeCommunityAsync(ct);
        return (await db.Rewards.AsNoTracking().Where(r => (r.Active || withOffShelf) && (community == null || r.CommunityId == community))
            .OrderByDescending(r => r.Active).ThenBy(r => r.Price)
            .Select(r => new RewardRow(r.Id, r.Name, r.Description, r.Price, r.Stock, r.CoverName, r.Active, r.Version)).ToListAsync(ct))
            .Select(r => r with { Cover = Requests.Photos.CoverPictures.Url($"/points/rewards/{r.Id}", r.Cover) }).ToList();
    }

    public async Task<List<OfferRow>> OffersAsync(CancellationToken ct = default) =>
        await (from o in db.MerchantOffers.AsNoTracking() join m in db.Merchants on o.MerchantId equals m.Id where o.Active orderby m.Name, o.Id
               select new OfferRow(o.Id, m.Name, o.Title, o.Kind, o.Points)).ToListAsync(ct);

    // 公示: the points awarded in a community over the last days, names masked.
    public async Task<List<PublicAward>> PublicListAsync(long? communityId, int days, CancellationToken ct = default)
    {
        var community = communityId ?? await access.HomeCommunityAsync(ct) ?? 0;
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-Math.Clamp(days, 1, 366));
        var earning = new[] { TransactionKind.HoursAward, TransactionKind.ActivityAward, TransactionKind.HonourAward, TransactionKind.Discretionary };
        var rows = await (from e in db.PointsEntries
                          join a in db.PointsAccounts on e.AccountId equals a.Id
                          join t in db.PointsTransactions on e.TransactionId equals t.Id
                          join v in db.Volunteers on a.VolunteerId equals v.Id
                          where a.Kind == AccountKind.Volunteer && a.CommunityId == community && earning.Contains(t.Kind) && t.CreatedAt >= since
                          orderby t.Id descending
                          select new { t.Id, t.CreatedAt, v.Name, t.Kind, t.Memo, t.Reason, e.Amount, Reversed = db.PointsTransactions.Any(r => r.ReversesId == t.Id) })
                          .Take(500).ToListAsync(ct);
        return rows.Select(r => new PublicAward(r.CreatedAt, Volunteer.Masked(r.Name), r.Kind, r.Memo, r.Reason, r.Amount, r.Reversed)).ToList();
    }

    // The teams of the communities the caller belongs to or looks after (every team for the administrator):
    // another community's teams, their members and leaders are not the caller's business.
    public async Task<List<TeamRow>> TeamsAsync(CancellationToken ct = default)
    {
        if (await access.VisibleCommunitiesAsync(ct) is not { } communities) return await TeamsAsync(null, ct);
        var ids = communities.ToList();
        return await RowsAsync(db.Teams.AsNoTracking().Where(t => ids.Contains(t.CommunityId)), ct);
    }

    // Honour kinds by code, to name the points rules that award them.
    public async Task<Dictionary<string, string>> HonourNamesAsync(CancellationToken ct = default) =>
        await db.HonourKinds.AsNoTracking().ToDictionaryAsync(k => k.Code, k => k.Name, ct);

    // One community's teams, for its staff's page.
    public Task<List<TeamRow>> TeamsAsync(long? communityId, CancellationToken ct = default) =>
        RowsAsync(db.Teams.AsNoTracking().Where(t => communityId == null || t.CommunityId == communityId), ct);

    private async Task<List<TeamRow>> RowsAsync(IQueryable<Team> query, CancellationToken ct)
    {
        var teams = await query.OrderBy(t => t.Id).Select(t => new
        {
            t.Id, t.Name, t.Description,
            Members = db.TeamMembers.Count(m => m.TeamId == t.Id),
            Leaders = (from m in db.TeamMembers join v in db.Volunteers on m.VolunteerId equals v.Id where m.TeamId == t.Id && m.IsLeader select v.Name).ToList(),
        }).ToListAsync(ct);
        return teams.Select(t => new TeamRow(t.Id, t.Name, t.Description, t.Members, t.Leaders)).ToList();
    }

    public async Task<List<PendingAward>> PendingAwardsAsync(CancellationToken ct = default)
    {
        var communityId = await access.HomeCommunityAsync(ct) ?? 0;
        await access.RequireManageAsync(communityId, ct);
        var me = access.User.Id;
        return await (from a in db.PointsAwards join v in db.Volunteers on a.VolunteerId equals v.Id
                      where a.Status == AwardStatus.Pending && v.CommunityId == communityId orderby a.Id
                      select new PendingAward(a.Id, v.Id, v.Name, a.Points, a.Reason, a.CreatedAt, a.ProposedByUserId == me)).ToListAsync(ct);
    }

    public async Task<List<VolunteerRow>> VolunteersAsync(string? name, CancellationToken ct = default)
    {
        var communityId = await access.HomeCommunityAsync(ct) ?? 0;
        await access.RequireManageAsync(communityId, ct);
        var q = db.Volunteers.AsNoTracking().Where(v => v.CommunityId == communityId);
        if (!string.IsNullOrWhiteSpace(name)) q = q.Where(v => v.Name.Contains(name.Trim()));
        return await q.OrderBy(v => v.Id).Take(50)
            .Select(v => new VolunteerRow(v.Id, v.Name, v.Skills, db.PointsAccounts.Where(a => a.VolunteerId == v.Id).Select(a => a.Balance).FirstOrDefault())).ToListAsync(ct);
    }
}
