using System.Collections.Concurrent;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Requests.Intake;

// What intake reads about a community that hardly ever changes, kept between requests: the categories,
// who owns a grid's new cases today, who a first referral goes to. Each entry is read again when this
// process has saved a change to a table it came from (DataChanges, counted per entity type: an edit on
// this instance is seen by the next intake), and in any case after Lifetime, which is how long an edit
// made on another instance (or by a bulk statement) can take to reach this one: for that long a new
// case may still go to the grid worker who just handed over, or get the category's old deadlines.
public sealed class IntakeReference(DataChanges changes, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 50_000;

    private static readonly Type[] CategoryTables = [typeof(CaseCategory)];
    private static readonly Type[] RoutingTables = [typeof(DutyPost)];
    private static readonly Type[] ReferralTables = [typeof(DutyPost), typeof(Estate), typeof(Department), typeof(DepartmentMember)];

    private sealed record Entry(object? Value, long Version, DateTimeOffset LoadedAt);
    private readonly ConcurrentDictionary<object, Entry> _entries = new();

    public async Task<CaseCategory?> CategoryAsync(GongzhiDb db, long id, CancellationToken ct)
    {
        // All of them at once: a few dozen rows, inactive ones too (intake answers "inactive", not "unknown").
        var all = await GetAsync("categories", CategoryTables,
            async () => (await db.CaseCategories.AsNoTracking().ToListAsync(ct)).ToDictionary(c => c.Id), ct);
        return all.GetValueOrDefault(id);
    }

    public Task<(string? UserId, string Name)> OwnerAsync(CaseRouting routing, long gridId, long communityId, DateOnly today, CancellationToken ct) =>
        GetAsync(("owner", gridId, communityId, today), RoutingTables, () => routing.OwnerForAsync(gridId, communityId, ct), ct);

    public Task<T> ReferralAsync<T>(object key, DateOnly today, Func<Task<T>> load, CancellationToken ct) =>
        GetAsync(("referral", key, today), ReferralTables, load, ct);

    private async Task<T> GetAsync<T>(object key, Type[] tables, Func<Task<T>> load, CancellationToken ct)
    {
        // The version is read before the rows: a change committed while they are read leaves the entry stale, never wrong for long.
        var version = changes.VersionOf(tables);
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var e) && e.Version == version && now - e.LoadedAt < Lifetime && now >= e.LoadedAt) return (T)e.Value!;
        ct.ThrowIfCancellationRequested();
        var value = await load();
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[key] = new Entry(value, version, now);
        return value;
    }
}
