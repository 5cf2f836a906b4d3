using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Modules.Administration.Companies;

// Property companies belong to a subdistrict (like 职能部门): its officials and administrators keep them.
// A butler's data scope is the 物业管家 duty posts they hold (RegistryScope, case routing), so every
// change here opens or ends those posts in the same transaction: a butler sees exactly the estates
// their company serves today, and an estate handed to another company leaves the old butlers at once.
public sealed class CompanyCommands(GongzhiDb db, AdministrationScope scope, UserManager<AppUser> users, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<long> CreateAsync(long subdistrictId, string? name, string? contact, string? phone, CancellationToken ct = default)
    {
        await scope.RequireSubdistrictAsync(subdistrictId, ct);
        var company = new PropertyCompany(subdistrictId, name, contact, phone);
        if (await db.Set<PropertyCompany>().AnyAsync(c => c.SubdistrictId == subdistrictId && c.Name == company.Name, ct))
            throw new DuplicateFailure("Name", "Administration.Error.NameTaken", company.Name);
        db.Add(company);
        await SaveAsync("Name", company.Name, ct);
        return company.Id;
    }

    public async Task EditAsync(long companyId, string? name, string? contact, string? phone, int version, CancellationToken ct = default)
    {
        var company = await FindAsync(companyId, ct);
        company.Edit(name, contact, phone, version);
        if (await db.Set<PropertyCompany>().AnyAsync(c => c.Id != companyId && c.SubdistrictId == company.SubdistrictId && c.Name == company.Name, ct))
            throw new DuplicateFailure("Name", "Administration.Error.NameTaken", company.Name);
        await SaveAsync("Name", company.Name, ct);
    }

    // The estates the company serves from today: the ticked ones. An estate another company served
    // passes to this one (its old butlers lose it); an unticked one is ended, with its posts.
    public async Task SetEstatesAsync(long companyId, IReadOnlyCollection<long> estateIds, CancellationToken ct = default)
    {
        var company = await FindAsync(companyId, ct);
        var wanted = estateIds.ToHashSet();
        var communities = db.Communities.Where(c => c.SubdistrictId == company.SubdistrictId).Select(c => c.Id);
        var valid = await db.Estates.Where(e => wanted.Contains(e.Id) && communities.Contains(e.CommunityId)).Select(e => e.Id).ToListAsync(ct);
        if (valid.Count != wanted.Count) throw new ValidationFailure("Estates", "Administration.Company.Error.Estate");

        var today = Today;
        var current = await db.Set<CompanyEstate>().Where(x => x.To == null && (x.CompanyId == companyId || wanted.Contains(x.EstateId))).ToListAsync(ct);
        var butlers = await ButlersAsync(current.Select(x => x.CompanyId).Append(companyId).Distinct().ToList(), ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var link in current.Where(x => x.CompanyId != companyId || !wanted.Contains(x.EstateId)))
        {
            link.End(today);
            await EndPostsAsync(butlers.Where(b => b.CompanyId == link.CompanyId).Select(b => b.UserId).ToList(), [link.EstateId], today, ct);
        }
        var kept = current.Where(x => x.CompanyId == companyId && wanted.Contains(x.EstateId)).Select(x => x.EstateId).ToHashSet();
        var added = wanted.Where(e => !kept.Contains(e)).ToList();
        foreach (var estateId in added) db.Add(new CompanyEstate(companyId, estateId, today));
        foreach (var butler in butlers.Where(b => b.CompanyId == companyId)) await OpenPostsAsync(butler.UserId, added, today, ct);
        await SaveAsync("Estates", company.Name, ct);
        await tx.CommitAsync(ct);
    }

    // A butler is an account with the 物业管家 role (made on the accounts page), working for one company at a time.
    public async Task AddButlerAsync(long companyId, string? userName, CancellationToken ct = default)
    {
        var company = await FindAsync(companyId, ct);
        var name = Guard.Text(userName, 50, "UserName");
        var account = await users.FindByNameAsync(name);
        if (account is null || account.LockoutEnd == DateTimeOffset.MaxValue || !await users.IsInRoleAsync(account, Roles.PropertyButler))
            throw new ValidationFailure("UserName", "Administration.Company.Error.NotButler", name);
        var elsewhere = await (from b in db.Set<CompanyButler>() join c in db.Set<PropertyCompany>() on b.CompanyId equals c.Id
                               where b.UserId == account.Id && b.To == null select c.Name).FirstOrDefaultAsync(ct);
        if (elsewhere is not null) throw new DuplicateFailure("UserName", "Administration.Company.Error.ButlerElsewhere", elsewhere);

        var today = Today;
        var estates = await db.Set<CompanyEstate>().Where(x => x.CompanyId == companyId && x.To == null).Select(x => x.EstateId).ToListAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(new CompanyButler(companyId, account.Id, today));
        await OpenPostsAsync(account.Id, estates, today, ct);
        await SaveAsync("UserName", company.Name, ct);
        await tx.CommitAsync(ct);
    }

    public async Task RemoveButlerAsync(long companyId, long butlerId, CancellationToken ct = default)
    {
        await FindAsync(companyId, ct);
        var butler = await db.Set<CompanyButler>().FirstOrDefaultAsync(b => b.Id == butlerId && b.CompanyId == companyId && b.To == null, ct) ?? throw new NotFound();
        var today = Today;
        var estates = await db.Set<CompanyEstate>().Where(x => x.CompanyId == companyId && x.To == null).Select(x => x.EstateId).ToListAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        butler.End(today);
        await EndPostsAsync([butler.UserId], estates, today, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task<PropertyCompany> FindAsync(long companyId, CancellationToken ct)
    {
        var company = await db.Set<PropertyCompany>().FirstOrDefaultAsync(c => c.Id == companyId, ct) ?? throw new NotFound();
        await scope.RequireSubdistrictAsync(company.SubdistrictId, ct);
        return company;
    }

    private Task<List<CompanyButler>> ButlersAsync(List<long> companyIds, CancellationToken ct) =>
        db.Set<CompanyButler>().AsNoTracking().Where(b => companyIds.Contains(b.CompanyId) && b.To == null).ToListAsync(ct);

    private async Task OpenPostsAsync(string userId, IReadOnlyCollection<long> estateIds, DateOnly today, CancellationToken ct)
    {
        if (estateIds.Count == 0) return;
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.UserName, u.PhoneNumber }).FirstAsync(ct);
        var held = await db.DutyPosts.Where(p => p.UserId == userId && p.Kind == DutyPostKind.PropertyButler && estateIds.Contains(p.PlaceId))
            .Where(DutyPost.ActiveOn(today)).Select(p => p.PlaceId).ToListAsync(ct);
        var holder = string.IsNullOrWhiteSpace(account.DisplayName) ? account.UserName! : account.DisplayName;
        if (holder.Length > 30) holder = holder[..30];
        foreach (var estateId in estateIds.Except(held))
            db.DutyPosts.Add(new DutyPost(DutyPostKind.PropertyButler, PlaceKind.Estate, estateId, holder, account.PhoneNumber, today, userId: userId));
    }

    private async Task EndPostsAsync(IReadOnlyCollection<string> userIds, IReadOnlyCollection<long> estateIds, DateOnly today, CancellationToken ct)
    {
        if (userIds.Count == 0 || estateIds.Count == 0) return;
        var posts = await db.DutyPosts.Where(p => p.Kind == DutyPostKind.PropertyButler && p.UserId != null && userIds.Contains(p.UserId) && estateIds.Contains(p.PlaceId))
            .Where(DutyPost.ActiveOn(today)).ToListAsync(ct);
        foreach (var post in posts) post.End(today);
    }

    private async Task SaveAsync(string field, string name, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException && DbErrors.IsUniqueViolation(ex))
        {
            // Two people changing the same company or estate at once: the unique indexes decide.
            db.ChangeTracker.Clear();
            throw new DuplicateFailure(field, "Administration.Error.NameTaken", name);
        }
    }
}
