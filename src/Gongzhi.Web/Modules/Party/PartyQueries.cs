using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.Web.Modules.Party;

public sealed record PostRow(long Id, PartyPostKind Kind, string HolderName, DateOnly From, DateOnly? To);
public sealed record OrgNode(long Id, long? ParentId, int Depth, PartyOrgKind Kind, string Name, string? Place, string? Unit, IReadOnlyList<PostRow> Posts);
public sealed record MemberRow(long Id, string Name, bool Masked, MemberKind? Kind, long? GridId, string? Grid, string? Organisation, string? Unit,
    DateOnly? JoinedOn, DateOnly? ReportedOn, bool? ShowBadge, Service? Service);
public sealed record GridGroup(long? GridId, string Grid, IReadOnlyList<MemberRow> Members);
public sealed record MyMembership(long Id, MemberKind Kind, string Community, string? Organisation, string? Unit, DateOnly JoinedOn, DateOnly? ReportedOn,
    bool ShowBadge, int Version, Service ThisYear);
public sealed record UnitRow(long Id, string Name, UnitKind Kind, string ContactName, string? ContactPhone, DateOnly JoinedOn, DateOnly? LeftOn, int InPostMembers);
public sealed record ItemRow(long Id, ListSide Side, string Title, string? Detail, string? Unit, ItemStatus Status, int Version);
public sealed record ProjectRow(long Id, string Title, string Resource, string Need, string? Unit, ProjectStatus Status, DateTime MatchedAt, string? Outcome, int Version);
public sealed record AllianceView(IReadOnlyList<ItemRow> Resources, IReadOnlyList<ItemRow> Needs, IReadOnlyList<ProjectRow> Projects);
public sealed record JointMeetingRow(long Id, int Number, long MeetingId, string Title, string Place, DateTime StartsAt, long ChairUnitId, string Chair, int Attendees);
public sealed record ResidentChoice(long Id, string Name, int? Age, string Address, bool Member);
public sealed record OpenShift(long ShiftId, long ActivityId, string Title, DateTime StartsAt, DateTime EndsAt, string Place, int Free);

public sealed class PartyQueries(GongzhiDb db, PartyAccess access, ServiceFigures service, AuditLog audit)
{
    // Names for the community and grid pickers of the party pages.
    public async Task<Dictionary<long, string>> CommunityNamesAsync(CancellationToken ct = default) =>
        await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);

    public async Task<List<(long Id, string Name)>> GridsOfAsync(long communityId, CancellationToken ct = default) =>
        (await db.Grids.AsNoTracking().Where(g => g.CommunityId == communityId).OrderBy(g => g.Id).Select(g => new { g.Id, g.Name }).ToListAsync(ct))
            .Select(g => (g.Id, g.Name)).ToList();

    // Where an in-post member can serve: the community's grids, then its buildings ("Grid:7", "Building:31").
    public async Task<List<(string Value, string Name)>> ServicePlacesAsync(long communityId, CancellationToken ct = default)
    {
        var places = new List<(string Value, string Name)>();
        foreach (var g in await db.Grids.AsNoTracking().Where(g => g.CommunityId == communityId).OrderBy(g => g.Id).ToListAsync(ct)) places.Add(($"Grid:{g.Id}", g.Name));
        foreach (var b in await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id where e.CommunityId == communityId
                                 orderby e.Id, b.Number select new { b.Id, Label = e.Name + b.Number + "栋" }).ToListAsync(ct))
            places.Add(($"Building:{b.Id}", b.Label));
        return places;
    }

    public async Task<IReadOnlyList<OrgNode>> TreeAsync(long communityId, CancellationToken ct = default)
    {
        await access.RequireManageAsync(communityId, ct);
        var community = await db.Communities.AsNoTracking().FirstAsync(c => c.Id == communityId, ct);
        var orgs = await db.Set<PartyOrganisation>().AsNoTracking()
            .Where(o => o.CommunityId == communityId || (o.CommunityId == null && o.SubdistrictId == community.SubdistrictId)).OrderBy(o => o.Id).ToListAsync(ct);
        var ids = orgs.Select(o => o.Id).ToList();
        var posts = await db.Set<PartyPost>().AsNoTracking().Where(p => ids.Contains(p.OrganisationId))
            .OrderBy(p => p.Kind).ThenByDescending(p => p.From).ToListAsync(ct);
        var units = await db.Set<PartnerUnit>().Where(u => u.CommunityId == communityId).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var places = await PlaceNamesAsync(communityId, ct);
        var result = new List<OrgNode>();
        void Walk(long? parent, int depth)
        {
            foreach (var o in orgs.Where(o => o.ParentId == parent || (parent is null && o.ParentId is { } p && !ids.Contains(p))))
            {
                result.Add(new OrgNode(o.Id, o.ParentId, depth, o.Kind, o.Name,
                    o.PlaceKind is { } pk ? places.GetValueOrDefault((pk, o.PlaceId!.Value)) : null,
                    o.UnitId is { } u ? units.GetValueOrDefault(u) : null,
                    posts.Where(p => p.OrganisationId == o.Id).Select(p => new PostRow(p.Id, p.Kind, p.HolderName, p.From, p.To)).ToList()));
                Walk(o.Id, depth + 1);
            }
        }
        Walk(null, 0);
        return result;
    }

    // Members of a community as the caller may see them: unmasked rows are audited, masked ones
    // carry nothing but a masked name and the grid.
    public async Task<IReadOnlyList<MemberRow>> MembersAsync(long communityId, long? gridId, MemberKind? kind, int? year, CancellationToken ct = default)
    {
        var ms = await access.RequireMemberScopeAsync(communityId, ct);
        var query = db.Set<PartyMember>().AsNoTracking().Where(m => m.CommunityId == communityId);
        if (gridId is { } g) query = query.Where(m => m.GridId == g);
        if (kind is { } k) query = query.Where(m => m.Kind == k);
        if (!ms.WholeCommunity)
        {
            var orgIds = ms.OrganisationIds.ToList();
            var grids = ms.GridIds.Concat(ms.MaskedGridIds).ToList();
            query = query.Where(m => (m.OrganisationId != null && orgIds.Contains(m.OrganisationId.Value)) || (m.GridId != null && grids.Contains(m.GridId.Value)));
        }
        var members = await query.OrderBy(m => m.GridId).ThenBy(m => m.Id).ToListAsync(ct);
        var full = members.Where(m => ms.Full(m.OrganisationId, m.GridId)).ToList();
        var figures = await service.ForAsync(full, year ?? access.Today.Year, ct);
        var grids2 = await db.Grids.Where(x => x.CommunityId == communityId).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var orgs = await db.Set<PartyOrganisation>().Where(o => o.CommunityId == communityId).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var units = await db.Set<PartnerUnit>().Where(u => u.CommunityId == communityId).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var rows = members.Select(m => ms.Full(m.OrganisationId, m.GridId)
            ? new MemberRow(m.Id, m.Name, false, m.Kind, m.GridId, m.GridId is { } gg ? grids2[gg] : null,
                m.OrganisationId is { } o ? orgs[o] : null, m.UnitId is { } u ? units[u] : null, m.JoinedOn, m.ReportedOn, m.ShowBadge, figures[m.Id])
            : new MemberRow(m.Id, PartyMember.Masked(m.Name), true, null, m.GridId, m.GridId is { } g2 ? grids2[g2] : null, null, null, null, null, null, null)).ToList();
        if (full.Count > 0)
            await audit.WriteAsync(PartyAccess.AuditViewMembers, $"Community/{communityId}",
                $"members={full.Count} grid={gridId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"} kind={kind?.ToString() ?? "all"}", ct);
        return rows;
    }

    // 在职党员 by the grid where they live: the list the community works from.
    public async Task<IReadOnlyList<GridGroup>> InPostByGridAsync(long communityId, long? gridId, int? year, CancellationToken ct = default)
    {
        var rows = await MembersAsync(communityId, gridId, MemberKind.Employed, year, ct);
        // Masked rows carry no kind: they were filtered to in-post members by the query already.
        var grids = await db.Grids.Where(g => g.CommunityId == communityId).OrderBy(g => g.Id).Select(g => new { g.Id, g.Name }).ToListAsync(ct);
        return grids.Select(g => new GridGroup(g.Id, g.Name, rows.Where(r => r.GridId == g.Id).ToList())).Where(g => g.Members.Count > 0 || gridId == g.GridId).ToList();
    }

    public async Task<MyMembership?> MineAsync(CancellationToken ct = default)
    {
        if (!access.User.IsAuthenticated) return null;
        var userId = access.User.RequiredId;
        var m = await MemberCommands.MineAsync(db, userId, ct);
        if (m is null) return null;
        var community = await db.Communities.Where(c => c.Id == m.CommunityId).Select(c => c.Name).FirstAsync(ct);
        var org = m.OrganisationId is { } o ? await db.Set<PartyOrganisation>().Where(x => x.Id == o).Select(x => x.Name).FirstAsync(ct) : null;
        var unit = m.UnitId is { } u ? await db.Set<PartnerUnit>().Where(x => x.Id == u).Select(x => x.Name).FirstAsync(ct) : null;
        var figures = await service.ForAsync([m], access.Today.Year, ct);
        return new MyMembership(m.Id, m.Kind, community, org, unit, m.JoinedOn, m.ReportedOn, m.ShowBadge, m.Version, figures[m.Id]);
    }

    public async Task<long?> MyCommunityAsync(CancellationToken ct = default) =>
        access.User.IsAuthenticated && await MemberCommands.MineAsync(db, access.User.RequiredId, ct) is { } m ? m.CommunityId : null;

    // Units a resident may name when reporting: those of the community where they live.
    public async Task<IReadOnlyList<(long Id, string Name)>> UnitsToReportToAsync(CancellationToken ct = default)
    {
        if (!access.User.IsAuthenticated) return [];
        var userId = access.User.RequiredId;
        var communityId = await (from u in db.Users join r in db.Residents on u.ResidentId equals r.Id
                                 join h in db.Households on r.HouseholdId equals h.Id join g in db.Grids on h.GridId equals g.Id
                                 where u.Id == userId select (long?)g.CommunityId).FirstOrDefaultAsync(ct);
        if (communityId is null) return [];
        var today = access.Today;
        return (await db.Set<PartnerUnit>().Where(u => u.CommunityId == communityId && u.JoinedOn <= today && (u.LeftOn == null || u.LeftOn > today))
            .OrderBy(u => u.Id).Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)).ToList();
    }

    // Service posts offered to members: the open volunteer shifts of their community still to come.
    public async Task<IReadOnlyList<OpenShift>> OpenShiftsAsync(long communityId, CancellationToken ct = default)
    {
        var now = access.Now;
        return await (from s in db.Set<Volunteering.Activities.Shift>()
                      join a in db.Set<Volunteering.Activities.VolunteerActivity>() on s.ActivityId equals a.Id
                      where a.CommunityId == communityId && a.Status == Volunteering.Activities.ActivityStatus.Open && s.EndsAt > now && s.Taken < s.Capacity
                      orderby s.StartsAt
                      select new OpenShift(s.Id, a.Id, a.Title, s.StartsAt, s.EndsAt, s.Place, s.Capacity - s.Taken)).Take(20).ToListAsync(ct);
    }

    // 查找居民 for the manage page: residents of the community by name (or the one already chosen), at most 20.
    public async Task<IReadOnlyList<ResidentChoice>> ResidentChoicesAsync(long communityId, string? name, long? chosen, CancellationToken ct = default)
    {
        await access.RequireManageAsync(communityId, ct);
        var text = name?.Trim() ?? "";
        if (text.Length < 2 && chosen is null) return [];
        if (text.Length > 20) throw new ValidationFailure("q", "Validation.TooLong", 20);
        var today = access.Today;
        var query = from r in db.Residents.AsNoTracking()
                    join h in db.Households on r.HouseholdId equals h.Id
                    join g in db.Grids on h.GridId equals g.Id
                    join e in db.Estates on h.EstateId equals e.Id
                    join b in db.Buildings on h.BuildingId equals b.Id
                    join en in db.Entrances on h.EntranceId equals en.Id
                    where g.CommunityId == communityId && r.Status == ResidentStatus.Active
                    select new { r.Id, r.Name, r.BirthDate, Estate = e.Name, Building = b.Number, Entrance = en.Number, h.Room };
        query = text.Length >= 2 ? query.Where(r => r.Name.Contains(text)) : query.Where(r => r.Id == chosen);
        var rows = await query.OrderBy(r => r.Id).Take(20).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var members = await db.Set<PartyMember>().Where(m => m.ResidentId != null && ids.Contains(m.ResidentId.Value)).Select(m => m.ResidentId!.Value).ToListAsync(ct);
        return rows.Select(r => new ResidentChoice(r.Id, r.Name,
            r.BirthDate is { } born ? today.Year - born.Year - (today < born.AddYears(today.Year - born.Year) ? 1 : 0) : null,
            Registry.Households.RegistryText.Address(r.Estate, r.Building, r.Entrance, r.Room), members.Contains(r.Id))).ToList();
    }

    public async Task<IReadOnlyList<UnitRow>> UnitsAsync(long communityId, CancellationToken ct = default)
    {
        await access.RequireManageAsync(communityId, ct);
        return await db.Set<PartnerUnit>().AsNoTracking().Where(u => u.CommunityId == communityId).OrderBy(u => u.Id)
            .Select(u => new UnitRow(u.Id, u.Name, u.Kind, u.ContactName, u.ContactPhone, u.JoinedOn, u.LeftOn,
                db.Set<PartyMember>().Count(m => m.UnitId == u.Id))).ToListAsync(ct);
    }

    public async Task<AllianceView> AllianceAsync(long communityId, CancellationToken ct = default)
    {
        await access.RequireManageAsync(communityId, ct);
        var units = await db.Set<PartnerUnit>().Where(u => u.CommunityId == communityId).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var items = await db.Set<AllianceItem>().AsNoTracking().Where(i => i.CommunityId == communityId).OrderBy(i => i.Id).ToListAsync(ct);
        var rows = items.Select(i => new ItemRow(i.Id, i.Side, i.Title, i.Detail, i.UnitId is { } u ? units[u] : null, i.Status, i.Version)).ToList();
        var byId = items.ToDictionary(i => i.Id);
        var projects = (await db.Set<AllianceProject>().AsNoTracking().Where(p => p.CommunityId == communityId).OrderByDescending(p => p.Id).ToListAsync(ct))
            .Select(p => new ProjectRow(p.Id, p.Title, byId[p.ResourceId].Title, byId[p.NeedId].Title,
                byId[p.ResourceId].UnitId is { } u ? units[u] : null, p.Status, p.MatchedAt, p.Outcome, p.Version)).ToList();
        return new AllianceView(rows.Where(r => r.Side == ListSide.Resource).ToList(), rows.Where(r => r.Side == ListSide.Need).ToList(), projects);
    }

    public async Task<IReadOnlyList<JointMeetingRow>> JointMeetingsAsync(long communityId, CancellationToken ct = default)
    {
        await access.RequireManageAsync(communityId, ct);
        return await (from j in db.Set<JointMeeting>()
                      join m in db.Set<Meeting>() on j.MeetingId equals m.Id
                      join u in db.Set<PartnerUnit>() on j.ChairUnitId equals u.Id
                      where j.CommunityId == communityId
                      orderby j.Number descending
                      select new JointMeetingRow(j.Id, j.Number, m.Id, m.Title, m.Place, m.StartsAt, u.Id, u.Name,
                          db.Set<MeetingAttendee>().Count(a => a.MeetingId == m.Id))).ToListAsync(ct);
    }

    private async Task<Dictionary<(PlaceKind, long), string>> PlaceNamesAsync(long communityId, CancellationToken ct)
    {
        var names = new Dictionary<(PlaceKind, long), string>();
        foreach (var c in await db.Communities.Where(c => c.Id == communityId).Select(c => new { c.Id, c.Name, c.SubdistrictId }).ToListAsync(ct))
        {
            names[(PlaceKind.Community, c.Id)] = c.Name;
            foreach (var s in await db.Subdistricts.Where(s => s.Id == c.SubdistrictId).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
                names[(PlaceKind.Subdistrict, s.Id)] = s.Name;
        }
        foreach (var g in await db.Grids.Where(g => g.CommunityId == communityId).Select(g => new { g.Id, g.Name }).ToListAsync(ct)) names[(PlaceKind.Grid, g.Id)] = g.Name;
        var estates = await db.Estates.Where(e => e.CommunityId == communityId).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        foreach (var (id, name) in estates) names[(PlaceKind.Estate, id)] = name;
        var estateIds = estates.Keys.ToList();
        foreach (var b in await db.Buildings.Where(b => estateIds.Contains(b.EstateId)).Select(b => new { b.Id, b.EstateId, b.Number }).ToListAsync(ct))
            names[(PlaceKind.Building, b.Id)] = $"{estates[b.EstateId]}{b.Number}栋";
        return names;
    }
}
