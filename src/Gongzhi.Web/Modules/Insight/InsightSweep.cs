using System.Diagnostics;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Requests.Deadlines;

namespace Gongzhi.Web.Modules.Insight;

// Full: every case recomputed (no earlier run, or the clock went back). GridMonths: the grid-months of cases recomputed.
// Changed: the rows written (inserted, updated or deleted), cases and the other modules together.
public sealed record SweepOutcome(bool Ran, bool Full, int GridMonths, int Changed);

// Keeps the rollup equal to what the raw tables say.
// - Requests' figures (CaseFigures) per grid and China month only (InsightMonths), summed in the database. The first run
//   (or one whose clock is before the last run's) recomputes every community, one at a time, each in one scan of its
//   cases bucketed by month in SQL. Later runs recompute only the grid-months that can have changed: those of cases
//   written since the last run (every change to a case sets its UpdatedAt, which is indexed, the escalation's bulk updates
//   too; a few minutes' Slack catches a change whose transaction committed just after the last run read), and those of
//   open cases whose RespondBy or ResolveBy passed since then (they become overdue, or their response known, with the
//   clock and nobody touching them).
// - The other modules' figures per day (InsightFigures) and per month (InsightMonths), recomputed whole (ModuleFigures:
//   their volumes are small) and compared with the stored rows a month at a time, days and month in one SaveChanges,
//   so a month row always equals the sum of its day rows.
// Only differences are written, each batch (a community, a chunk of grids of one month, a month of the other modules) in
// its own transaction: memory and transactions are one batch's, whatever the size of the city; a second run with nothing
// changed writes nothing; a run that dies leaves every batch either as it was or whole, and the next run (it starts
// from the same LastRunAt) finishes the work. Several instances: a lease row claimed by a conditional UPDATE (renewed
// after each batch) lets one run at a time; two runs at once would compute the same numbers (the loser's insert meets
// the primary key and rolls back its batch).
// Why a sweep and not updates in the same transaction as each change: Insight may read every module, but no module
// may know Insight, and a case's rates change with the clock (a case becomes overdue without anyone touching it).
public sealed class InsightSweep(GongzhiDb db, TimeProvider clock, ILogger<InsightSweep> log)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Slack = TimeSpan.FromMinutes(5);
    private const int GridsPerBatch = 500;

    private readonly record struct Grid(long CommunityId, long SubdistrictId);
    private readonly record struct MonthKey(DateOnly Month, long GridId, InsightMetric Metric, long Key);
    private readonly record struct ModuleMonthKey(long SubdistrictId, long CommunityId, long GridId, InsightMetric Metric, long Key);

    public async Task<SweepOutcome> RunAsync(DateTime now, CancellationToken ct = default)
    {
        var holder = Guid.NewGuid().ToString("N");
        // A month of a city's cases grouped in one statement can pass the 30 s default while the disk is busy (a
        // base backup running beside it at 20 M cases failed the first full run that way); the lease allows far more.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        if (!await ClaimAsync(holder, ct)) return new SweepOutcome(false, false, 0, 0);
        try
        {
            var timer = Stopwatch.StartNew();
            var previous = await db.Set<InsightSweepState>().AsNoTracking().Where(s => s.Id == 1).Select(s => s.LastRunAt).SingleAsync(ct);
            var grids = await db.Grids.AsNoTracking().Join(db.Communities, g => g.CommunityId, c => c.Id, (g, c) => new { g.Id, g.CommunityId, c.SubdistrictId })
                .ToDictionaryAsync(g => g.Id, g => new Grid(g.CommunityId, g.SubdistrictId), ct);
            var full = previous is not { } last || now < last;
            var changedCases = full ? null : await ChangedCasesAsync(grids, previous!.Value, now, holder, ct);
            full = changedCases is null;
            var (gridMonths, caseRows) = changedCases ?? await AllCasesAsync(grids, now, holder, ct);
            var moduleRows = await ApplyModulesAsync(await new ModuleFigures(db).ComputeAsync(now, ct), holder, ct);
            var changed = caseRows + moduleRows;
            await db.Set<InsightSweepState>().Where(s => s.Id == 1 && s.Holder == holder).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.LastRunAt, now).SetProperty(x => x.LastChanged, changed)
                .SetProperty(x => x.LeaseUntil, DateTime.UnixEpoch).SetProperty(x => x.Holder, (string?)null), ct);
            log.LogInformation("Insight sweep ({Kind}) in {Milliseconds} ms: {GridMonths} grid-months of cases recomputed, {Rows} rows written ({CaseRows} of cases)",
                full ? "full" : "incremental", timer.ElapsedMilliseconds, gridMonths, changed, caseRows);
            return new SweepOutcome(true, full, gridMonths, changed);
        }
        catch
        {
            db.ChangeTracker.Clear();
            await db.Set<InsightSweepState>().Where(s => s.Id == 1 && s.Holder == holder)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseUntil, DateTime.UnixEpoch).SetProperty(x => x.Holder, (string?)null), CancellationToken.None);
            throw;
        }
    }

    private async Task<bool> ClaimAsync(string holder, CancellationToken ct)
    {
        var wall = clock.GetUtcNow().UtcDateTime;
        if (!await db.Set<InsightSweepState>().AnyAsync(s => s.Id == 1, ct))
        {
            db.Set<InsightSweepState>().Add(new InsightSweepState { Id = 1, LeaseUntil = DateTime.UnixEpoch });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // Another instance made the row first.
            }
            db.ChangeTracker.Clear();
        }
        var until = wall + Lease;
        return await db.Set<InsightSweepState>().Where(s => s.Id == 1 && s.LeaseUntil < wall)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseUntil, until).SetProperty(x => x.Holder, holder), ct) == 1;
    }

    // After each batch: a first run over a city may outlast one lease; a run that lost its lease stops.
    private async Task RenewAsync(string holder, CancellationToken ct)
    {
        var until = clock.GetUtcNow().UtcDateTime + Lease;
        if (await db.Set<InsightSweepState>().Where(s => s.Id == 1 && s.Holder == holder).ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseUntil, until), ct) != 1)
            throw new InvalidOperationException("The Insight sweep lost its lease.");
    }

    private static DateOnly MonthOf(DateTime utc)
    {
        var day = DateOnly.FromDateTime(WorkingTime.ToChina(utc));
        return new DateOnly(day.Year, day.Month, 1);
    }

    private static IQueryable<InsightMonthFigure> CaseRows(IQueryable<InsightMonthFigure> rows) =>
        rows.AsNoTracking().Where(f => f.Metric >= InsightMetric.CasesByChannel && f.Metric <= InsightMetric.CasesOverdue);

    // Month by month over the whole city: the cases of a month lie together in the table (written in time order), so each
    // month's pages are read once, found through IX_Cases_Metrics (SubmittedAt first). Community by community read every
    // page once per community with cases on it (about ten): at 20 M cases that was I/O-bound at ~10 s a community, hours
    // in all (docs/benchmarks.md). A month is one batch: its size grows with grids and figure keys, not with cases.
    // Every month from the first to the last of the cases and of the stored rows, so rows no longer computed go too.
    private async Task<(int GridMonths, int Rows)> AllCasesAsync(Dictionary<long, Grid> grids, DateTime now, string holder, CancellationToken ct)
    {
        var cases = db.Cases.AsNoTracking();
        var stored = CaseRows(db.Set<InsightMonthFigure>());
        DateOnly?[] bounds =
        [
            await cases.MinAsync(c => (DateTime?)c.SubmittedAt, ct) is { } first ? MonthOf(first) : null,
            await cases.MaxAsync(c => (DateTime?)c.SubmittedAt, ct) is { } last ? MonthOf(last) : null,
            await stored.MinAsync(f => (DateOnly?)f.Month, ct), await stored.MaxAsync(f => (DateOnly?)f.Month, ct),
        ];
        var (gridMonths, rows) = (0, 0);
        if (bounds.Where(b => b != null).Select(b => b!.Value).ToList() is not { Count: > 0 } known) return (0, 0);
        for (var month = known.Min(); month <= known.Max(); month = month.AddMonths(1))
        {
            var (start, end) = CaseFigures.Range(month, month.AddMonths(1));
            var computed = new Dictionary<MonthKey, long>();
            foreach (var r in await CaseFigures.SumAsync(cases.Where(c => c.SubmittedAt >= start && c.SubmittedAt < end), [start], now, ct))
                if (grids.ContainsKey(r.GridId)) computed[new MonthKey(month, r.GridId, r.Metric, r.Key)] = r.Value;
            gridMonths += computed.Keys.Select(k => k.GridId).Distinct().Count();
            rows += await WriteCaseMonthsAsync(computed, stored.Where(f => f.Month == month), grids, ct);
            await RenewAsync(holder, ct);
        }
        return (gridMonths, rows);
    }

    // The grid-months that can have changed since the last run, a month and up to GridsPerBatch grids at a time.
    // More cases written since the last run than this (a bulk update, a restore) and the run is a full one instead:
    // the list of changed cases is held in memory, and past this many a community-by-community pass costs less anyway.
    public const int MaxChangedCases = 200_000;

    // Null: too many changed cases (MaxChangedCases), do a full run.
    private async Task<(int GridMonths, int Rows)?> ChangedCasesAsync(Dictionary<long, Grid> grids, DateTime previous, DateTime now, string holder, CancellationToken ct)
    {
        var since = previous - Slack;
        var cases = db.Cases.AsNoTracking();
        // What the clock changes: overdue (open, past ResolveBy; or Submitted past RespondBy) and response known (counted,
        // contacted or past RespondBy). Every case is contacted when it is accepted (Case.Accept), so a counted case not yet
        // contacted is still Submitted: open cases only, a few thousand in a city after years (the IX_Cases_Open_Id partial
        // index; OpenCases.Only writes the statuses as constants so the planner can use it).
        var touched = new List<(long GridId, DateTime SubmittedAt)>();
        async Task Add(IQueryable<Case> q) => touched.AddRange((await q.Select(c => new { c.GridId, c.SubmittedAt }).ToListAsync(ct)).Select(c => (c.GridId, c.SubmittedAt)));
        await Add(cases.Where(c => c.UpdatedAt > since).OrderBy(c => c.UpdatedAt).Take(MaxChangedCases + 1));
        if (touched.Count > MaxChangedCases) return null;
        await Add(cases.Where(OpenCases.Only).Where(c => (c.ResolveBy > since && c.ResolveBy <= now) || (c.RespondBy > since && c.RespondBy <= now)));

        var (gridMonths, rows) = (0, 0);
        foreach (var month in touched.Where(t => grids.ContainsKey(t.GridId)).GroupBy(t => MonthOf(t.SubmittedAt)).OrderBy(g => g.Key))
        {
            var (start, end) = CaseFigures.Range(month.Key, month.Key.AddMonths(1));
            foreach (var chunk in month.Select(t => t.GridId).Distinct().Order().Chunk(GridsPerBatch))
            {
                var communities = chunk.Select(g => grids[g].CommunityId).Distinct().ToList();
                // CommunityId first, so the (CommunityId, SubmittedAt) index finds the month of each community.
                var inChunk = cases.Where(c => communities.Contains(c.CommunityId) && chunk.Contains(c.GridId) && c.SubmittedAt >= start && c.SubmittedAt < end);
                var computed = (await CaseFigures.SumAsync(inChunk, [start], now, ct)).ToDictionary(r => new MonthKey(month.Key, r.GridId, r.Metric, r.Key), r => r.Value);
                var stored = CaseRows(db.Set<InsightMonthFigure>()).Where(f => communities.Contains(f.CommunityId) && f.Month == month.Key && chunk.Contains(f.GridId));
                gridMonths += chunk.Length;
                rows += await WriteCaseMonthsAsync(computed, stored, grids, ct);
                await RenewAsync(holder, ct);
            }
        }
        return (gridMonths, rows);
    }

    // The stored rows of a batch made equal to the computed ones, writing only what differs, in one transaction.
    private async Task<int> WriteCaseMonthsAsync(Dictionary<MonthKey, long> computed, IQueryable<InsightMonthFigure> stored, Dictionary<long, Grid> grids, CancellationToken ct)
    {
        var changed = Diff(await stored.ToListAsync(ct), computed, f => new MonthKey(f.Month, f.GridId, f.Metric, f.Key), f => f.Value, (f, v) => f.Value = v);
        var added = computed.Select(p => new InsightMonthFigure
        {
            Month = p.Key.Month, SubdistrictId = grids[p.Key.GridId].SubdistrictId, CommunityId = grids[p.Key.GridId].CommunityId,
            GridId = p.Key.GridId, Metric = p.Key.Metric, Key = p.Key.Key, Value = p.Value,
        }).ToList();
        if (added.Count == 0 || !db.Database.IsNpgsql())
        {
            db.AddRange(added);
            return await SaveAsync(changed + added.Count, ct);
        }
        // PostgreSQL: new rows by COPY in the same transaction as the updates and deletes. The first run writes ~7,500 rows
        // per community of a city (15 M in all); one INSERT each through EF made that run most of an hour.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SaveAsync(changed, ct);
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY \"InsightMonths\" (\"Month\", \"SubdistrictId\", \"CommunityId\", \"GridId\", \"Metric\", \"Key\", \"Value\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var f in added)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(f.Month, NpgsqlTypes.NpgsqlDbType.Date, ct);
                await copy.WriteAsync(f.SubdistrictId, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(f.CommunityId, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(f.GridId, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync((int)f.Metric, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(f.Key, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(f.Value, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        return changed + added.Count;
    }

    // Removes from computed what is stored; updates what differs and deletes what is no longer computed (stubs attached to
    // the context, not loaded tracked). Returns the rows changed so far; what is left in computed is to be inserted.
    private int Diff<TRow, TKey>(List<TRow> stored, Dictionary<TKey, long> computed, Func<TRow, TKey> key, Func<TRow, long> value, Action<TRow, long> set)
        where TRow : class where TKey : notnull
    {
        var changed = 0;
        foreach (var f in stored)
        {
            if (computed.Remove(key(f), out var v))
            {
                if (v == value(f)) continue;
                db.Attach(f);
                set(f, v);
            }
            else db.Remove(f);
            changed++;
        }
        return changed;
    }

    private async Task<int> SaveAsync(int changed, CancellationToken ct)
    {
        if (changed > 0) await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return changed;
    }

    // The other modules, a month at a time: every month that has computed days, and every month from the first to the
    // last stored one (a month whose rows are no longer computed is emptied); then the figures of the moment.
    private async Task<int> ApplyModulesAsync(Dictionary<ModuleFigures.Place, long> days, string holder, CancellationToken ct)
    {
        var byMonth = days.GroupBy(p => p.Key.Day == InsightFigure.Now ? InsightFigure.Now : new DateOnly(p.Key.Day.Year, p.Key.Day.Month, 1))
            .ToDictionary(g => g.Key, g => g.ToDictionary(p => p.Key, p => p.Value));
        var months = byMonth.Keys.Where(m => m != InsightFigure.Now).ToHashSet();
        var storedDays = db.Set<InsightFigure>().AsNoTracking().Where(f => f.Day != InsightFigure.Now);
        var storedMonths = db.Set<InsightMonthFigure>().AsNoTracking().Where(f => f.Metric < InsightMetric.CasesByChannel || f.Metric > InsightMetric.CasesOverdue);
        DateOnly?[] bounds =
        [
            await storedDays.MinAsync(f => (DateOnly?)f.Day, ct), await storedDays.MaxAsync(f => (DateOnly?)f.Day, ct),
            await storedMonths.MinAsync(f => (DateOnly?)f.Month, ct), await storedMonths.MaxAsync(f => (DateOnly?)f.Month, ct),
        ];
        if (bounds.Where(b => b != null).Select(b => b!.Value).ToList() is { Count: > 0 } known)
            for (var m = new DateOnly(known.Min().Year, known.Min().Month, 1); m <= known.Max(); m = m.AddMonths(1)) months.Add(m);

        var changed = 0;
        foreach (var month in months.Order())
        {
            changed += await ApplyModuleMonthAsync(month, byMonth.GetValueOrDefault(month) ?? [], ct);
            await RenewAsync(holder, ct);
        }
        var now = byMonth.GetValueOrDefault(InsightFigure.Now) ?? [];
        var nowChanged = Diff(await db.Set<InsightFigure>().AsNoTracking().Where(f => f.Day == InsightFigure.Now).ToListAsync(ct), now,
            f => new ModuleFigures.Place(f.Day, f.SubdistrictId, f.CommunityId, f.GridId, f.Metric, f.Key), f => f.Value, (f, v) => f.Value = v);
        foreach (var (p, value) in now) nowChanged += Insert(p, value);
        return changed + await SaveAsync(nowChanged, ct);
    }

    private int Insert(ModuleFigures.Place p, long value)
    {
        db.Add(new InsightFigure { Day = p.Day, SubdistrictId = p.SubdistrictId, CommunityId = p.CommunityId, GridId = p.GridId, Metric = p.Metric, Key = p.Key, Value = value });
        return 1;
    }

    private async Task<int> ApplyModuleMonthAsync(DateOnly month, Dictionary<ModuleFigures.Place, long> days, CancellationToken ct)
    {
        var sums = new Dictionary<ModuleMonthKey, long>();
        foreach (var (p, value) in days)
        {
            var k = new ModuleMonthKey(p.SubdistrictId, p.CommunityId, p.GridId, p.Metric, p.Key);
            sums[k] = sums.GetValueOrDefault(k) + value;
        }
        foreach (var k in sums.Where(s => s.Value == 0).Select(s => s.Key).ToList()) sums.Remove(k);

        var next = month.AddMonths(1);
        var changed = Diff(await db.Set<InsightFigure>().AsNoTracking().Where(f => f.Day >= month && f.Day < next && f.Day != InsightFigure.Now).ToListAsync(ct), days,
            f => new ModuleFigures.Place(f.Day, f.SubdistrictId, f.CommunityId, f.GridId, f.Metric, f.Key), f => f.Value, (f, v) => f.Value = v);
        foreach (var (p, value) in days) changed += Insert(p, value);
        changed += Diff(await db.Set<InsightMonthFigure>().AsNoTracking()
                .Where(f => f.Month == month && (f.Metric < InsightMetric.CasesByChannel || f.Metric > InsightMetric.CasesOverdue)).ToListAsync(ct), sums,
            f => new ModuleMonthKey(f.SubdistrictId, f.CommunityId, f.GridId, f.Metric, f.Key), f => f.Value, (f, v) => f.Value = v);
        foreach (var (k, value) in sums)
        {
            db.Add(new InsightMonthFigure { Month = month, SubdistrictId = k.SubdistrictId, CommunityId = k.CommunityId, GridId = k.GridId, Metric = k.Metric, Key = k.Key, Value = value });
            changed++;
        }
        return await SaveAsync(changed, ct);
    }
}

public sealed class InsightSweepWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<InsightSweepWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Insight:SweepSeconds", 300);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<InsightSweep>().RunAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Insight sweep failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
