using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Requests.Deadlines;

// The working calendar as the app uses it: the exceptions from the database plus the configured
// office hours, cached. An edit here drops the cache at once; other instances re-read within minutes.
public sealed class WorkCalendar(IDbContextFactory<GongzhiDb> dbs, IConfiguration configuration, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (WorkingTime Time, DateTimeOffset LoadedAt)? _cached;

    public async Task<WorkingTime> GetAsync(CancellationToken ct = default)
    {
        if (_cached is { } c && clock.GetUtcNow() - c.LoadedAt < Lifetime) return c.Time;
        await _gate.WaitAsync(ct);
        try
        {
            if (_cached is { } again && clock.GetUtcNow() - again.LoadedAt < Lifetime) return again.Time;
            await using var db = await dbs.CreateDbContextAsync(ct);
            var days = await db.CalendarDays.AsNoTracking().ToDictionaryAsync(d => d.Date, d => d.Kind, ct);
            var hours = OfficeHours.Parse(configuration["Requests:OfficeHours"] ?? OfficeHours.Default.ToString());
            var time = new WorkingTime(days, hours);
            _cached = (time, clock.GetUtcNow());
            return time;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate() => _cached = null;
}
