using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gongzhi.Web.Data;

public sealed class GongzhiDb(DbContextOptions<GongzhiDb> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Subdistrict> Subdistricts => Set<Subdistrict>();
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Grid> Grids => Set<Grid>();
    public DbSet<Estate> Estates => Set<Estate>();
    public DbSet<Building> Buildings => Set<Building>();
    public DbSet<Entrance> Entrances => Set<Entrance>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Resident> Residents => Set<Resident>();
    public DbSet<NameGram> NameGrams => Set<NameGram>();
    public DbSet<CareTag> CareTags => Set<CareTag>();
    public DbSet<Ownership> Ownerships => Set<Ownership>();
    public DbSet<DutyPost> DutyPosts => Set<DutyPost>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GongzhiDb).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite forgets the kind, so restore it on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
