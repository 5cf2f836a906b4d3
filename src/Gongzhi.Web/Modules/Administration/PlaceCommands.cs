using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Registry.Residents;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Administration;

// The upper place tree and the departments: each a name under its parent, checked for scope and for
// a clash with a sibling of the same name (which would make two indistinguishable rows on every page).
public sealed class PlaceCommands(GongzhiDb db, AdministrationScope scope, CurrentUser user)
{
    public async Task<long> AddSubdistrictAsync(string? name, CancellationToken ct = default)
    {
        user.Require(Capability.ManagePlaces);
        if (!scope.IsAdministrator) throw new Forbidden();
        var entity = new Subdistrict(name ?? "");
        if (await db.Subdistricts.AnyAsync(s => s.Name == entity.Name, ct)) throw new DuplicateFailure("Name", "Administration.Error.NameTaken", entity.Name);
        db.Subdistricts.Add(entity);
        await db.SaveChangesAsync(ct);
        return entity.Id;
    }

    public async Task<long> AddCommunityAsync(long subdistrictId, string? name, string? address, string? phone, CancellationToken ct = default)
    {
        await scope.RequireSubdistrictAsync(subdistrictId, ct);
        var entity = new Community(subdistrictId, name ?? "", Guard.OptionalText(address, 200, "Address"), Guard.OptionalText(phone, 20, "Phone"));
        if (await db.Communities.AnyAsync(c => c.SubdistrictId == subdistrictId && c.Name == entity.Name, ct))
            throw new DuplicateFailure("Name", "Administration.Error.NameTaken", entity.Name);
        db.Communities.Add(entity);
        await db.SaveChangesAsync(ct);
        return entity.Id;
    }

    public async Task<long> AddGridAsync(long communityId, string? name, string? description, CancellationToken ct = default)
    {
        await scope.RequireCommunityAsync(communityId, ct);
        var entity = new Grid(communityId, name ?? "", Guard.OptionalText(description, 200, "Description"));
        if (await db.Grids.AnyAsync(g => g.CommunityId == communityId && g.Name == entity.Name, ct))
            throw new DuplicateFailure("Name", "Administration.Error.NameTaken", entity.Name);
        db.Grids.Add(entity);
        await db.SaveChangesAsync(ct);
        return entity.Id;
    }

    public async Task<long> AddEstateAsync(long communityId, string? name, string? address, CancellationToken ct = default)
    {
        await scope.RequireCommunityAsync(communityId, ct);
        var entity = new Estate(communityId, name ?? "", Guard.OptionalText(address, 200, "Address"));
        if (await db.Estates.AnyAsync(e => e.CommunityId == communityId && e.Name == entity.Name, ct))
            throw new DuplicateFailure("Name", "Administration.Error.NameTaken", entity.Name);
        db.Estates.Add(entity);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Two people adding the same estate at once: the unique index decides.
            throw new DuplicateFailure("Name", "Administration.Error.NameTaken", entity.Name);
        }
        return entity.Id;
    }

    // 职能部门 belong to the subdistrict: its officials and administrators add them.
    public async Task<long> AddDepartmentAsync(long subdistrictId, string? name, string? phone, CancellationToken ct = default)
    {
        await scope.RequireSubdistrictAsync(subdistrictId, ct);
        var entity = new Department(subdistrictId, name ?? "", phone);
        if (await db.Departments.AnyAsync(d => d.SubdistrictId == subdistrictId && d.Name == entity.Name, ct))
            throw new DuplicateFailure("Name", "Administration.Error.NameTaken", entity.Name);
        db.Departments.Add(entity);
        await db.SaveChangesAsync(ct);
        return entity.Id;
    }
}
