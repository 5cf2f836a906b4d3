using System.Diagnostics;
using Gongzhi.Web.Modules.Requests.Search;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Requests;

public sealed record GenerationResult(int Cases, long Events, long Referrals, double InsertSeconds, double IndexSeconds, double AnalyzeSeconds,
    double TotalSeconds, SortedDictionary<int, int> ByStatus, int Open, int OpenOverdue, double SpanDays);

// Writes N cases of history straight into the app's SQLite file while the app is stopped: cases,
// their timelines, referrals and the case_search rows (terms cut by the app's own CaseText, the
// way CaseSearchIndex stores them). One transaction of prepared INSERTs; the tables' indexes are
// dropped first and built again at the end from their own CREATE statements (building an index
// from sorted rows is much faster than growing it row by row); then ANALYZE, as the app runs it
// after its own bulk loads.
public static class CaseGenerator
{
    private static readonly Dictionary<string, int> CategoryWeights = new()
    {
        ["sanitation"] = 12, ["clutter"] = 8, ["abandoned-vehicle"] = 3, ["dogs"] = 6, ["noise"] = 10, ["street-light"] = 7, ["facility-repair"] = 10,
        ["water-leak"] = 9, ["lift"] = 6, ["greenery"] = 4, ["street-vending"] = 5, ["dispute"] = 5, ["policy"] = 8, ["other"] = 7,
    };

    // Channel values (Web, Hotline, Visit, Relay, Open311, WeChat group) by how often each is used.
    private static readonly int[] Channels = [1, 1, 1, 2, 2, 2, 3, 3, 4, 6, 1, 2, 3, 6, 2, 1, 5, 2, 1, 3];

    // When residents report (China hour of day), roughly: mornings and evenings.
    private static readonly int[] Hours = [7, 8, 8, 9, 9, 9, 10, 10, 10, 11, 11, 14, 14, 15, 15, 16, 16, 17, 18, 19, 19, 20, 20, 21, 22, 12, 13, 9, 10, 15];

    public static async Task<GenerationResult> RunAsync(string databasePath, int count, int seed, Action<string> progress)
    {
        var total = Stopwatch.StartNew();
        var now = DateTime.UtcNow;
        var r = new Random(seed);
        await using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await db.OpenAsync();
        // The app is stopped: a bulk load needs no write-ahead log and no fsync per page. WAL again at the end.
        foreach (var pragma in new[] { "PRAGMA journal_mode=DELETE", "PRAGMA synchronous=OFF", "PRAGMA cache_size=-524288", "PRAGMA temp_store=MEMORY" })
            await Exec(db, null, pragma);

        var registry = await DemoRegistry.LoadAsync(db, now);
        var categories = registry.Categories.Where(c => CategoryWeights.ContainsKey(c.Code))
            .SelectMany(c => Enumerable.Repeat(c, CategoryWeights[c.Code])).ToArray();
        var homes = registry.Homes.Where(h => registry.OwnerByGrid.ContainsKey(h.GridId)).ToArray();
        var firstDepartment = registry.Departments.OrderBy(d => d.Key).First();
        var firstId = await Scalar(db, "SELECT COALESCE(MAX(Id), 0) + 1 FROM Cases");
        var firstReferralId = await Scalar(db, "SELECT COALESCE(MAX(Id), 0) + 1 FROM Referrals");

        // A thousand cases a day over the demo district (at least 90 days), submitted in office-ish hours.
        var spanDays = Math.Max(90, count / 1000.0);
        var times = new DateTime[count];
        for (var i = 0; i < count; i++)
        {
            var day = now.AddDays(-spanDays * Math.Pow(r.NextDouble(), 0.9)).AddHours(8).Date; // China date
            var t = day.AddHours(Hours[r.Next(Hours.Length)] - 8).AddMinutes(r.NextDouble() * 60);
            times[i] = t > now ? t.AddDays(-1) : t;
        }
        Array.Sort(times);

        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync();
        var indexes = await ListIndexes(db, tx, "Cases", "CaseEvents", "Referrals");
        foreach (var (name, _) in indexes) await Exec(db, tx, $"DROP INDEX \"{name}\"");

        using var cases = new Prepared(db, tx, "Cases", "Id", "CategoryId", "Channel", "Status", "Description", "Address", "SubdistrictId", "CommunityId", "GridId",
            "EstateId", "BuildingId", "HouseholdId", "Anonymous", "ReporterUserId", "ReporterResidentId", "ReporterName", "ReporterPhone", "EnteredByUserId",
            "OwnerUserId", "OwnerName", "SubmittedAt", "RespondBy", "ResolveBy", "AcceptedAt", "FirstContactAt", "ResolvedAt", "ClosedAt", "Resolution",
            "Rating", "RatedAt", "ReopenCount", "EscalationLevel", "MergedIntoId", "UpdatedAt", "Version");
        using var events = new Prepared(db, tx, "CaseEvents", "CaseId", "Kind", "At", "ActorUserId", "ActorName", "Text", "Internal", "ToStatus", "ReferralId");
        using var referrals = new Prepared(db, tx, "Referrals", "Id", "CaseId", "Kind", "DepartmentId", "EstateId", "TargetName", "CreatedAt", "CreatedByUserId",
            "Reply", "RepliedAt", "RepliedByUserId");
        using var search = new Prepared(db, tx, "case_search", "rowid", "grams");

        var byStatus = new SortedDictionary<int, int>();
        long eventCount = 0, referralId = firstReferralId;
        int open = 0, overdue = 0;
        var insert = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var id = firstId + i;
            var category = categories[r.Next(categories.Length)];
            // Some households call far more often than others.
            var home = homes[(int)(homes.Length * Math.Pow(r.NextDouble(), 1.3))];
            var owner = registry.OwnerByGrid[home.GridId];
            var channel = Channels[r.Next(Channels.Length)];
            var people = registry.People.GetValueOrDefault(home.Id);
            var person = people is { Count: > 0 } ? people[r.Next(people.Count)] : null;
            var anonymous = category.AllowAnonymous && r.Next(10) == 0;
            var reporterUser = channel == 1 && registry.ResidentAccount is { } account && account.HouseholdId == home.Id ? account.UserId : null;
            var staffEntered = channel is 2 or 3 or 6;
            var submitter = channel switch
            {
                1 => anonymous ? "" : person?.Name ?? "",
                5 => "gongzhi-demo-open311",
                4 => "",
                _ => owner.Name,
            };
            var submitterId = channel == 1 ? reporterUser : staffEntered ? owner.UserId : null;
            (int, long?, string, string?)? firstReferral = category.RouteFirst switch
            {
                1 => (1, null, registry.EstateNames[home.EstateId] + "物业", registry.ButlerByEstate.GetValueOrDefault(home.EstateId)),
                2 when category.DepartmentId is { } d => (2, d, registry.Departments[d].Name, registry.Departments[d].MemberUserId),
                _ => null,
            };
            var history = CaseHistory.Plan(r, category, times[i], now, owner, submitter, submitterId, firstReferral, (firstDepartment.Key, firstDepartment.Value.Name));
            var description = CaseTexts.Description(category.Code, r, home.Building, home.Entrance);

            object?[] row =
            [
                id, category.Id, channel, history.Status, description, home.Address, home.SubdistrictId, home.CommunityId, home.GridId,
                home.EstateId, home.BuildingId, home.Id, anonymous, reporterUser, anonymous ? null : person?.Id, anonymous ? null : person?.Name,
                anonymous ? null : person?.Phone, staffEntered ? owner.UserId : null, owner.UserId, owner.Name, times[i], history.RespondBy, history.ResolveBy,
                history.AcceptedAt, history.AcceptedAt, history.ResolvedAt, history.ClosedAt, history.Resolution, history.Rating, history.RatedAt,
                history.ReopenCount, history.Escalation, history.Merged ? Math.Max(firstId, id - 1 - r.Next(200)) : null, history.UpdatedAt, history.Version,
            ];
            for (var c = 0; c < row.Length; c++) cases[c] = row[c];
            cases.Run();

            var ids = new long[history.Referrals.Count];
            for (var k = 0; k < history.Referrals.Count; k++)
            {
                var x = history.Referrals[k];
                ids[k] = referralId++;
                object?[] referral = [ids[k], id, x.Kind, x.DepartmentId, x.Kind == 1 ? home.EstateId : null, x.Target, x.At, x.At == times[i] ? null : owner.UserId,
                    x.Reply, x.RepliedAt, x.ReplyUserId];
                for (var c = 0; c < referral.Length; c++) referrals[c] = referral[c];
                referrals.Run();
            }

            // The search terms, as the app gathers them: description and address at intake, then each
            // referral reply and resolution as it is written.
            var text = description + " " + home.Address;
            foreach (var e in history.Events)
            {
                object?[] ev = [id, e.Kind, e.At, e.ActorUserId, e.ActorName, e.Text, e.Internal, e.ToStatus, e.Referral >= 0 ? ids[e.Referral] : null];
                for (var c = 0; c < ev.Length; c++) events[c] = ev[c];
                events.Run();
                if (e.Kind is EventKind.Resolved or EventKind.ReferralReply) text += " " + e.Text;
            }
            eventCount += history.Events.Count;
            search[0] = id;
            search[1] = string.Join(' ', CaseText.IndexTerms(text));
            search.Run();

            byStatus[history.Status] = byStatus.GetValueOrDefault(history.Status) + 1;
            if (CaseState.IsOpen(history.Status))
            {
                open++;
                if (history.ResolveBy < now) overdue++;
            }
            if ((i + 1) % 100_000 == 0) progress($"  {i + 1:N0} cases ({insert.Elapsed.TotalSeconds:0} s)");
        }
        insert.Stop();

        var indexWatch = Stopwatch.StartNew();
        foreach (var (_, sql) in indexes) await Exec(db, tx, sql);
        indexWatch.Stop();
        await tx.CommitAsync();

        var analyze = Stopwatch.StartNew();
        await Exec(db, null, "ANALYZE");
        analyze.Stop();
        await Exec(db, null, "PRAGMA journal_mode=WAL");
        return new GenerationResult(count, eventCount, referralId - firstReferralId, insert.Elapsed.TotalSeconds, indexWatch.Elapsed.TotalSeconds,
            analyze.Elapsed.TotalSeconds, total.Elapsed.TotalSeconds, byStatus, open, overdue, spanDays);
    }

    private static async Task<List<(string Name, string Sql)>> ListIndexes(SqliteConnection db, SqliteTransaction tx, params string[] tables)
    {
        await using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({string.Join(", ", tables.Select(t => $"'{t}'"))})";
        await using var reader = await cmd.ExecuteReaderAsync();
        var list = new List<(string, string)>();
        while (await reader.ReadAsync()) list.Add((reader.GetString(0), reader.GetString(1)));
        return list;
    }

    private static async Task<long> Scalar(SqliteConnection db, string sql)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task Exec(SqliteConnection db, SqliteTransaction? tx, string sql)
    {
        await using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
