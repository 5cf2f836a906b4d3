using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongzhi.Web.Data;

// A change counter per entity type, for caches of reference data (categories, duty posts, departments)
// in this process: every SaveChanges through the app's contexts counts the types it wrote, once when it
// saves and again when its transaction commits, so a cache that noted the count before it read sees any
// change that committed after. Other instances and bulk statements (ExecuteUpdate, raw SQL) are not
// seen here: caches built on this also expire after a short time (see their own notes).
public sealed class DataChanges : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConcurrentDictionary<Type, long> _versions = new();
    private readonly ConditionalWeakTable<DbContext, HashSet<Type>> _uncommitted = [];

    public long VersionOf(Type type) => _versions.GetValueOrDefault(type);

    public long VersionOf(params ReadOnlySpan<Type> types)
    {
        long sum = 0;
        foreach (var t in types) sum += VersionOf(t);
        return sum;
    }

    private void Bump(IEnumerable<Type> types)
    {
        foreach (var t in types) _versions.AddOrUpdate(t, 1, (_, v) => v + 1);
    }

    // Before the save: bump what it writes and remember it for after the save (or after the commit, in a transaction).
    private void Note(DbContext? context)
    {
        if (context is null) return;
        // GongzhiDb.SaveChanges has just detected changes (its timeline lines): do not scan every tracked entity again.
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        HashSet<Type> types;
        try
        {
            types = tracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                .Select(e => e.Metadata.ClrType).ToHashSet();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
        if (types.Count == 0) return;
        Bump(types);
        lock (_uncommitted) _uncommitted.GetOrCreateValue(context).UnionWith(types);
    }

    // After the save: bump again, so a read that ran while it was saving counts as stale too.
    private void Saved(DbContext? context)
    {
        if (context is null) return;
        List<Type> types;
        lock (_uncommitted)
        {
            if (!_uncommitted.TryGetValue(context, out var pending)) return;
            types = pending.ToList();
            if (context.Database.CurrentTransaction is null) _uncommitted.Remove(context);
        }
        Bump(types);
    }

    private void Committed(DbContext? context)
    {
        if (context is null) return;
        HashSet<Type>? types;
        lock (_uncommitted)
        {
            if (!_uncommitted.TryGetValue(context, out types)) return;
            _uncommitted.Remove(context);
        }
        Bump(types);
    }

    private void Forget(DbContext? context)
    {
        if (context is null) return;
        lock (_uncommitted) _uncommitted.Remove(context);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    void IDbTransactionInterceptor.TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    Task IDbTransactionInterceptor.TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    Task IDbTransactionInterceptor.TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }
}
