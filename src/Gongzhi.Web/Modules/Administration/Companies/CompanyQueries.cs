using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Administration.Companies;

public sealed record CompanyRow(long Id, string Name, string? Contact, string? Phone, IReadOnlyList<string> Estates, int Butlers);
public sealed record EstateChoice(long Id, string Name, string Community, string? ServedBy);
public sealed record ButlerRow(long Id, string UserName, string DisplayName, string? Phone, DateOnly From);
public sealed record CompanyDetail(long Id, long SubdistrictId, string Name, string? Contact, string? Phone, int Version,
    IReadOnlySet<long> Estates, IReadOnlyList<EstateChoice> Choices, IReadOnlyList<ButlerRow> Butlers, IReadOnlyList<string> FreeButlers);

public sealed class CompanyQueries(GongzhiDb db, AdministrationScope scope)
{
    // Companies are kept at subdistrict level; a caller with no subdistrict (community staff) may not.
    public async Task<IReadOnlyList<NamedRow>> SubdistrictsAsync(CancellationToken ct = default)
    {
        var ids = (await scope.SubdistrictsAsync(ct)).ToList();
        if (ids.Count == 0 && !scope.IsAdministrator) throw new Forbidden();
        return await db.Subdistricts.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Id).Select(s => new NamedRow(s.Id, s.Name)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<CompanyRow>> ListAsync(CancellationToken ct = default)
    {
        var subs = (await SubdistrictsAsync(ct)).Select(s => s.Id).ToList();
        var companies = await db.Set<PropertyCompany>().AsNoTracking().Where(c => subs.Contains(c.SubdistrictId)).OrderBy(c => c.Name).ToListAsync(ct);
        var ids = companies.Select(c => c.Id).ToList();
        var estates = await (from x in db.Set<CompanyEstate>() join e in db.Estates on x.EstateId equals e.Id
                             where ids.Contains(x.CompanyId) && x.To == null orderby e.Name select new { x.CompanyId, e.Name }).ToListAsync(ct);
        var butlers = await db.Set<CompanyButler>().Where(b => ids.Contains(b.CompanyId) && b.To == null).GroupBy(b => b.CompanyId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return companies.Select(c => new CompanyRow(c.Id, c.Name, c.Contact, c.Phone,
            estates.Where(e => e.CompanyId == c.Id).Select(e => e.Name).ToList(), butlers.GetValueOrDefault(c.Id))).ToList();
    }

    public async Task<CompanyDetail> DetailAsync(long companyId, CancellationToken ct = default)
    {
        var company = await db.Set<PropertyCompany>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == companyId, ct) ?? throw new NotFound();
        await scope.RequireSubdistrictAsync(company.SubdistrictId, ct);
        var choices = await (from e in db.Estates join c in db.Communities on e.CommunityId equals c.Id
                             where c.SubdistrictId == company.SubdistrictId
                             orderby c.Id, e.Name
                             select new
                             {
                                 e.Id, e.Name, Community = c.Name,
                                 ServedBy = (from x in db.Set<CompanyEstate>() join p in db.Set<PropertyCompany>() on x.CompanyId equals p.Id
                                             where x.EstateId == e.Id && x.To == null select new { p.Id, p.Name }).FirstOrDefault(),
                             }).ToListAsync(ct);
        var butlers = await (from b in db.Set<CompanyButler>() join u in db.Users on b.UserId equals u.Id
                             where b.CompanyId == companyId && b.To == null orderby b.Id
                             select new ButlerRow(b.Id, u.UserName!, u.DisplayName, u.PhoneNumber, b.From)).ToListAsync(ct);
        // The butler accounts not yet with any company, for the picker (a few dozen at most in a subdistrict).
        var butlerRole = db.Roles.Where(r => r.Name == Roles.PropertyButler).Select(r => r.Id);
        var busy = db.Set<CompanyButler>().Where(b => b.To == null).Select(b => b.UserId);
        var free = await (from ur in db.UserRoles join u in db.Users on ur.UserId equals u.Id
                          where butlerRole.Contains(ur.RoleId) && !busy.Contains(u.Id) orderby u.UserName select u.UserName!).Take(200).ToListAsync(ct);
        return new CompanyDetail(company.Id, company.SubdistrictId, company.Name, company.Contact, company.Phone, company.Version,
            choices.Where(c => c.ServedBy?.Id == companyId).Select(c => c.Id).ToHashSet(),
            choices.Select(c => new EstateChoice(c.Id, c.Name, c.Community, c.ServedBy is { } s && s.Id != companyId ? s.Name : null)).ToList(),
            butlers, free);
    }
}
