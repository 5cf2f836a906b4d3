using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Party;

public sealed record OrganisationInput(long? CommunityId, long? ParentId, PartyOrgKind? Kind, string? Name, PlaceKind? PlaceKind, long? PlaceId, long? UnitId);
public sealed record PostInput(PartyPostKind? Kind, string? HolderName, long? MemberId, string? UserName, DateOnly? From);
public sealed record EndPostInput(DateOnly? On);

// The organisation tree and its posts. Appointing a new secretary hands over: the sitting one's
// post ends the day the new one starts, so there is one secretary at a time and the past stays.
public sealed class OrganisationCommands(GongzhiDb db, PartyAccess access)
{
    public async Task<long> CreateAsync(OrganisationInput input, CancellationToken ct = default)
    {
        access.RequireManagerRole();
        var communityId = input.CommunityId ?? throw new ValidationFailure("CommunityId", "Validation.Required");
        await access.RequireManageAsync(communityId, ct);
        var community = await db.Communities.AsNoTracking().FirstAsync(c => c.Id == communityId, ct);
        PartyOrganisation? parent = null;
        if (input.ParentId is { } parentId)
        {
            parent = await db.Set<PartyOrganisation>().FirstOrDefaultAsync(o => o.Id == parentId, ct)
                     ?? throw new ValidationFailure("ParentId", "Party.Error.OrganisationUnknown");
            // The community's organisations hang under its 党委/总支, which hangs under the subdistrict's 党工委.
            if (parent.CommunityId is not null && parent.CommunityId != communityId) throw new ValidationFailure("ParentId", "Party.Error.ParentElsewhere");
            if (parent.CommunityId is null && parent.SubdistrictId != community.SubdistrictId) throw new ValidationFailure("ParentId", "Party.Error.ParentElsewhere");
        }
        if (input.UnitId is { } unitId && !await db.Set<PartnerUnit>().AnyAsync(u => u.Id == unitId && u.CommunityId == communityId, ct))
            throw new ValidationFailure("UnitId", "Party.Error.UnitUnknown");
        if (input.PlaceKind is { } pk && input.PlaceId is { } placeId && !await PlaceInCommunityAsync(pk, placeId, communityId, ct))
            throw new ValidationFailure("PlaceId", "Party.Error.PlaceElsewhere");
        var org = new PartyOrganisation(community.SubdistrictId, communityId, parent, input.Kind ?? 0, input.Name, input.PlaceKind, input.PlaceId, input.UnitId, access.Now);
        db.Add(org);
        await db.SaveChangesAsync(ct);
        return org.Id;
    }

    public async Task<long> AppointAsync(long organisationId, PostInput input, CancellationToken ct = default)
    {
        var org = await ForManageAsync(organisationId, ct);
        var kind = input.Kind ?? throw new ValidationFailure("Kind", "Validation.Required");
        var from = input.From ?? access.Today;
        string? name = input.HolderName;
        string? userId = null;
        if (input.MemberId is { } memberId)
        {
            var member = await db.Set<PartyMember>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId && m.CommunityId == org.CommunityId, ct)
                         ?? throw new ValidationFailure("MemberId", "Party.Error.MemberUnknown");
            name ??= member.Name;
            userId = member.UserId;
        }
        if (!string.IsNullOrWhiteSpace(input.UserName))
        {
            var normalized = input.UserName.Trim().ToUpperInvariant();
            userId = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct)
                     ?? throw new ValidationFailure("UserName", "Party.Error.UnknownAccount");
        }
        var post = new PartyPost(org.Id, kind, name, input.MemberId, userId, from);
        if (kind == PartyPostKind.Secretary)
        {
            var sitting = await db.Set<PartyPost>().Where(p => p.OrganisationId == org.Id && p.Kind == PartyPostKind.Secretary && p.To == null).ToListAsync(ct);
            foreach (var s in sitting) s.End(from);
        }
        db.Add(post);
        await db.SaveChangesAsync(ct);
        return post.Id;
    }

    public async Task EndPostAsync(long postId, EndPostInput input, CancellationToken ct = default)
    {
        var post = await db.Set<PartyPost>().FirstOrDefaultAsync(p => p.Id == postId, ct) ?? throw new NotFound();
        await ForManageAsync(post.OrganisationId, ct);
        post.End(input.On ?? access.Today);
        await db.SaveChangesAsync(ct);
    }

    private async Task<PartyOrganisation> ForManageAsync(long organisationId, CancellationToken ct)
    {
        var org = await db.Set<PartyOrganisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct) ?? throw new NotFound();
        if (org.CommunityId is null)
        {
            // The subdistrict's 党工委 is kept by the subdistrict (and administrators).
            if (!access.User.IsInRole(Platform.Accounts.Roles.Administrator) && !access.User.IsInRole(Platform.Accounts.Roles.SubdistrictOfficial)) throw new NotFound();
            access.User.Require(Platform.Accounts.Capability.ManageParty);
        }
        else await access.RequireManageAsync(org.CommunityId.Value, ct);
        return org;
    }

    private async Task<bool> PlaceInCommunityAsync(PlaceKind kind, long placeId, long communityId, CancellationToken ct) => kind switch
    {
        PlaceKind.Community => placeId == communityId,
        PlaceKind.Grid => await db.Grids.AnyAsync(g => g.Id == placeId && g.CommunityId == communityId, ct),
        PlaceKind.Estate => await db.Estates.AnyAsync(e => e.Id == placeId && e.CommunityId == communityId, ct),
        PlaceKind.Building => await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id
                                     where b.Id == placeId && e.CommunityId == communityId select b).AnyAsync(ct),
        _ => false,
    };
}
