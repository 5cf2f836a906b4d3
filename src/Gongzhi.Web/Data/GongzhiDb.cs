using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Notifications;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gongzhi.Web.Data;

public sealed partial class GongzhiDb(DbContextOptions<GongzhiDb> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // One scan for changes, not two: finding the timeline's owners scans, and SaveChanges would scan again.
        var tracker = ChangeTracker;
        if (!tracker.AutoDetectChangesEnabled)
        {
            AddPendingLines();
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        tracker.DetectChanges();
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            AddPendingLines();
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = true;
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AddPendingLines();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    // The timeline lines that entities' moves wrote (ITimeline) are saved with the moves themselves.
    private void AddPendingLines()
    {
        foreach (var entity in ChangeTracker.Entries<ITimeline>().Select(e => e.Entity).ToList())
            foreach (var line in entity.TakePendingLines()) Add(line);
    }

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
