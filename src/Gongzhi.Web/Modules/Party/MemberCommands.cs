using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Residents;

namespace Gongzhi.Web.Modules.Party;

public sealed record MemberInput(long? CommunityId, MemberKind? Kind, long? ResidentId, string? Name, long? OrganisationId, long? UnitId, DateOnly? JoinedOn);
public sealed record ReportInput(long? UnitId, DateOnly? JoinedOn);
public sealed record BadgeInput(bool Show, int Version);

public sealed class MemberCommands(GongzhiDb db, PartyAccess access)
{
    // Staff record a member, or a unit's in-post member on the unit's word (单位报到).
    public async Task<long> AddAsync(MemberInput input, CancellationToken ct = default)
    {
        var communityId = input.CommunityId ?? throw new ValidationFailure("CommunityId", "Validation.Required");
        await access.RequireManageAsync(communityId, ct);
        string? name = input.Name;
        Home? home = null;
        if (input.ResidentId is { } residentId)
        {
            home = await HomeOfResidentAsync(residentId, ct) ?? throw new ValidationFailure("ResidentId", "Party.Error.ResidentUnknown");
            // An in-post member reports where they live; others belong to this community's organisations.
            if (home.CommunityId != communityId) throw new ValidationFailure("ResidentId", "Party.Error.LivesElsewhere");
            name = home.Name;
        }
        await CheckLinksAsync(communityId, input.OrganisationId, input.UnitId, ct);
        var userId = home is null ? null : await db.Users.Where(u => u.ResidentId == home.ResidentId).Select(u => u.Id).FirstOrDefaultAsync(ct);
        var member = new PartyMember(communityId, input.Kind ?? 0, name, home?.ResidentId, userId, home?.HouseholdId, home?.GridId,
            input.OrganisationId, input.UnitId, input.JoinedOn, access.Today, access.Now);
        return await SaveNewAsync(member, "ResidentId", ct);
    }

    // 双报到: an in-post member reports to the community where they live, from their phone.
    public async Task<long> ReportAsync(ReportInput input, CancellationToken ct = default)
    {
        var user = access.User;
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        var userId = user.RequiredId;
        var residentId = await db.Users.Where(u => u.Id == userId).Select(u => u.ResidentId).FirstOrDefaultAsync(ct);
        var home = residentId is null ? null : await HomeOfResidentAsync(residentId.Value, ct);
        if (home is null) throw new ValidationFailure("Household", "Party.Error.NoHousehold");
        if (await db.Set<PartyMember>().AnyAsync(m => m.UserId == userId || m.ResidentId == home.ResidentId, ct))
            throw new DuplicateFailure("UnitId", "Party.Error.AlreadyMember");
        var unitId = input.UnitId ?? throw new ValidationFailure("UnitId", "Validation.Required");
        await CheckLinksAsync(home.CommunityId, null, unitId, ct);
        var member = new PartyMember(home.CommunityId, MemberKind.Employed, home.Name, home.ResidentId, userId, home.HouseholdId, home.GridId,
            null, unitId, input.JoinedOn, access.Today, access.Now);
        return await SaveNewAsync(member, "UnitId", ct);
    }

    // 亮身份 is the member's own choice: nobody else turns it on or off.
    public async Task SetBadgeAsync(BadgeInput input, CancellationToken ct = default)
    {
        var user = access.User;
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        var userId = user.RequiredId;
        var member = await MineAsync(db, userId, ct) ?? throw new NotFound();
        member.SetBadge(input.Show, input.Version);
        await db.SaveChangesAsync(ct);
    }

    // A member is the account's own, or the registry entry the account is linked to (a member recorded
    // by staff before they had an account).
    internal static async Task<PartyMember?> MineAsync(GongzhiDb db, string userId, CancellationToken ct)
    {
        var residentId = await db.Users.Where(u => u.Id == userId).Select(u => u.ResidentId).FirstOrDefaultAsync(ct);
        return await db.Set<PartyMember>().FirstOrDefaultAsync(m => m.UserId == userId || (residentId != null && m.ResidentId == residentId), ct);
    }

    private async Task CheckLinksAsync(long communityId, long? organisationId, long? unitId, CancellationToken ct)
    {
        if (organisationId is { } o && !await db.Set<PartyOrganisation>().AnyAsync(x => x.Id == o && x.CommunityId == communityId, ct))
            throw new ValidationFailure("OrganisationId", "Party.Error.OrganisationUnknown");
        var today = access.Today;
        if (unitId is { } u && !await db.Set<PartnerUnit>().AnyAsync(x => x.Id == u && x.CommunityId == communityId && x.JoinedOn <= today && (x.LeftOn == null || x.LeftOn > today), ct))
            throw new ValidationFailure("UnitId", "Party.Error.UnitUnknown");
    }

    private async Task<long> SaveNewAsync(PartyMember member, string field, CancellationToken ct)
    {
        if (member.ResidentId is { } r && await db.Set<PartyMember>().AnyAsync(m => m.ResidentId == r, ct)) throw new DuplicateFailure(field, "Party.Error.AlreadyMember");
        db.Add(member);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Two reports of the same person at once: the unique index lets one in.
            db.ChangeTracker.Clear();
            throw new DuplicateFailure(field, "Party.Error.AlreadyMember");
        }
        return member.Id;
    }

    private sealed record Home(long ResidentId, string Name, long HouseholdId, long GridId, long CommunityId);

    private async Task<Home?> HomeOfResidentAsync(long residentId, CancellationToken ct) =>
        await (from r in db.Residents
               join h in db.Households on r.HouseholdId equals h.Id
               join g in db.Grids on h.GridId equals g.Id
               where r.Id == residentId && r.Status == ResidentStatus.Active
               select new Home(r.Id, r.Name, h.Id, h.GridId, g.CommunityId)).FirstOrDefaultAsync(ct);
}
