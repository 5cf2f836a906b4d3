using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.Web.Modules.Registry.Households;

public sealed record ResidentView(
    long Id, string Name, Gender Gender, int? Age, string Relation, string? Phone, string? IdNumberMasked,
    ResidentStatus Status, DateOnly? StatusDate, string? StatusNote, int Version, IReadOnlyList<CareTagKind>? CareTags);

public sealed record OwnershipView(long Id, string OwnerName, decimal FloorArea, AreaSource AreaSource, bool IsDeveloper);

public sealed record PostView(long Id, DutyPostKind Kind, string HolderName, string? HolderPhone, DateOnly From, DateOnly? To);

public sealed record HouseholdDetail(
    HouseholdRow Household, long CommunityId, string CommunityName, string? Note, int Version,
    IReadOnlyList<ResidentView> Residents, IReadOnlyList<OwnershipView> Owners, IReadOnlyList<PostView> Posts,
    bool CanEdit, bool CanMove, bool CanRevealId, bool ShowsCareTags);

public sealed class GetHousehold(GongzhiDb db, RegistryScope scope, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public async Task<HouseholdDetail> RunAsync(long id, CancellationToken ct = default)
    {
        var row = await HouseholdRows.Project((await scope.HouseholdsAsync(ct)).Where(h => h.Id == id), db).FirstOrDefaultAsync(ct)
                  ?? throw new NotFound();
        var h = await db.Households.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Note, x.Version, x.EntranceId, x.BuildingId, x.EstateId }).FirstAsync(ct);
        var community = await (from e in db.Estates join c in db.Communities on e.CommunityId equals c.Id where e.Id == h.EstateId select c).FirstAsync(ct);

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var showTags = user.Can(Capability.SeeCareTags);
        var own = row.Id == (await scope.GetAsync(ct)).HouseholdIds.FirstOrDefault();
        var fullPhone = user.Can(Capability.SeeFullPhone) || own;
        var residents = await db.Residents.AsNoTracking().Where(r => r.HouseholdId == id)
            .OrderBy(r => r.Status).ThenBy(r => r.Relation == "户主" ? 0 : 1).ThenBy(r => r.BirthDate)
            .Select(r => new
            {
                r.Id, r.Name, r.Gender, r.BirthDate, r.Relation, r.Phone, r.IdNumberMasked, r.Status, r.StatusDate, r.StatusNote, r.Version,
                Tags = r.CareTags.Select(t => t.Kind).ToList(),
            }).ToListAsync(ct);
        var views = residents.Select(r => new ResidentView(
            r.Id, r.Name, r.Gender, r.BirthDate is { } b ? Age(b, today) : null, r.Relation,
            fullPhone ? r.Phone : r.Phone is null ? null : PhoneNumber.Mask(r.Phone),
            r.IdNumberMasked, r.Status, r.StatusDate, r.StatusNote, r.Version, showTags ? r.Tags : null)).ToList();

        var owners = await db.Ownerships.AsNoTracking().Where(o => o.HouseholdId == id)
            .Select(o => new OwnershipView(o.Id, o.OwnerName, o.FloorArea, o.AreaSource, o.IsDeveloper)).ToListAsync(ct);

        var posts = await db.DutyPosts.AsNoTracking()
            .Where(p => (p.PlaceKind == PlaceKind.Grid && p.PlaceId == row.GridId)
                        || (p.PlaceKind == PlaceKind.Building && p.PlaceId == h.BuildingId)
                        || (p.PlaceKind == PlaceKind.Entrance && p.PlaceId == h.EntranceId)
                        || (p.PlaceKind == PlaceKind.Estate && p.PlaceId == h.EstateId)
                        || (p.PlaceKind == PlaceKind.Household && p.PlaceId == id))
            .Where(DutyPost.ActiveOn(today))
            .OrderBy(p => p.Kind)
            .Select(p => new PostView(p.Id, p.Kind, p.HolderName, p.HolderPhone, p.From, p.To)).ToListAsync(ct);

        var canEditGrid = await scope.CanEditGridAsync(row.GridId, ct);
        // The household's note is written by staff for staff: residents, building leaders and the butler do not read it.
        var note = canEditGrid ? h.Note : null;

        // Every unmasked view of someone else's personal data is audited.
        var shown = new List<string>();
        if (fullPhone && !own && residents.Any(r => r.Phone is not null)) shown.Add("phones");
        if (showTags && residents.Any(r => r.Tags.Count > 0)) shown.Add("care-tags");
        if (note is not null) shown.Add("note");
        if (shown.Count > 0)
        {
            audit.Add(db, AuditActions.ViewPersonalData, $"Household/{id}", string.Join(",", shown));
            await db.SaveChangesAsync(ct);
        }
        return new HouseholdDetail(row, community.Id, community.Name, note, h.Version, views, owners, posts,
            CanEdit: canEditGrid && user.Can(Capability.EditRegistry),
            CanMove: canEditGrid && user.Can(Capability.MoveHousehold),
            CanRevealId: canEditGrid && user.Can(Capability.RevealIdNumber),
            ShowsCareTags: showTags);
    }

    private static int Age(DateOnly birth, DateOnly today)
    {
        var age = today.Year - birth.Year;
        return birth.AddYears(age) > today ? age - 1 : age;
    }
}
