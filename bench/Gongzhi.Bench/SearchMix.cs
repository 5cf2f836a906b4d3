using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench;

public enum QueryKind { Address, EstateAddress, GivenName, FullName, Surname, PhoneTail }

public sealed record SearchQuery(QueryKind Kind, string Text, string? Estate = null, int Building = 0, int Entrance = 0, string? Room = null);

// What community workers type, taken from the data itself so every query is a real one:
// door addresses (3栋2单元501, with or without the estate), two-character given names (建国),
// full names, surnames and phone tails — all within the community the staff account serves.
public static class SearchMix
{
    public static async Task<(long CommunityId, long[] GridIds, List<SearchQuery> Queries)> BuildAsync(
        string databasePath, string communityName, int count, int seed)
    {
        await using var db = Open(databasePath);
        var communityId = await ScalarAsync<long>(db, "SELECT Id FROM Communities WHERE Name = $n", ("$n", communityName));
        var grids = await ListAsync(db, "SELECT Id FROM Grids WHERE CommunityId = $c ORDER BY Id", r => r.GetInt64(0), ("$c", communityId));
        var inGrids = $"({string.Join(',', grids)})";

        var addresses = await ListAsync(db, $"""
            SELECT e.Name, b.Number, en.Number, h.Room FROM Households h
            JOIN Buildings b ON b.Id = h.BuildingId JOIN Entrances en ON en.Id = h.EntranceId JOIN Estates e ON e.Id = h.EstateId
            WHERE h.GridId IN {inGrids} ORDER BY random() LIMIT 2000
            """, r => (Estate: r.GetString(0), B: r.GetInt32(1), E: r.GetInt32(2), Room: r.GetString(3)));
        var people = await ListAsync(db, $"""
            SELECT r.Name, r.PhoneTail FROM Residents r JOIN Households h ON h.Id = r.HouseholdId
            WHERE h.GridId IN {inGrids} AND r.Status = 0 ORDER BY random() LIMIT 4000
            """, r => (Name: r.GetString(0), Tail: r.IsDBNull(1) ? null : r.GetString(1)));

        var names = people.Select(p => p.Name).Where(n => n.Length == 3).ToList();
        var tails = people.Select(p => p.Tail).OfType<string>().ToList();
        var rnd = new Random(seed);
        T Pick<T>(List<T> list) => list[rnd.Next(list.Count)];
        var queries = new List<SearchQuery>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = rnd.Next(100);
            if (roll < 20)
            {
                var a = Pick(addresses);
                queries.Add(new SearchQuery(QueryKind.Address, $"{a.B}栋{a.E}单元{a.Room}", null, a.B, a.E, a.Room));
            }
            else if (roll < 30)
            {
                var a = Pick(addresses);
                queries.Add(new SearchQuery(QueryKind.EstateAddress, $"{a.Estate}{a.B}栋{a.E}单元{a.Room}", a.Estate, a.B, a.E, a.Room));
            }
            else if (roll < 55) queries.Add(new SearchQuery(QueryKind.GivenName, Pick(names)[1..]));
            else if (roll < 65) queries.Add(new SearchQuery(QueryKind.FullName, Pick(names)));
            else if (roll < 75) queries.Add(new SearchQuery(QueryKind.Surname, Pick(names)[..1]));
            else queries.Add(new SearchQuery(QueryKind.PhoneTail, Pick(tails)));
        }
        return (communityId, grids.ToArray(), queries);
    }

    public static SqliteConnection Open(string path, bool readOnly = true)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        db.Open();
        return db;
    }

    public static async Task<T> ScalarAsync<T>(SqliteConnection db, string sql, params (string Name, object Value)[] args)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        var value = await cmd.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no row for: {sql}");
        return (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }

    public static async Task<List<T>> ListAsync<T>(SqliteConnection db, string sql, Func<SqliteDataReader, T> read, params (string Name, object Value)[] args)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        await using var reader = await cmd.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync()) list.Add(read(reader));
        return list;
    }
}

// The floor for search: the same lookups the app makes (match, then the result rows with head of
// household and member count), as hand-written SQL on the same file, with no HTTP, auth or ORM.
public sealed class RawSearch(SqliteConnection db, long[] gridIds)
{
    private readonly string _inGrids = $"({string.Join(',', gridIds)})";

    public int Run(SearchQuery q)
    {
        List<long> ids;
        switch (q.Kind)
        {
            case QueryKind.Address:
            case QueryKind.EstateAddress:
                ids = Ids($"""
                    SELECT h.Id FROM Households h
                    JOIN Buildings b ON b.Id = h.BuildingId JOIN Entrances en ON en.Id = h.EntranceId JOIN Estates e ON e.Id = h.EstateId
                    WHERE h.GridId IN {_inGrids} AND b.Number = $b AND en.Number = $e AND h.Room = $r
                      {(q.Estate is null ? "" : "AND instr(e.Name, $estate) > 0")}
                    ORDER BY e.Name, b.Number, en.Number, h.Room LIMIT 50
                    """, ("$b", q.Building), ("$e", q.Entrance), ("$r", q.Room!), ("$estate", q.Estate ?? ""));
                break;
            case QueryKind.PhoneTail:
                ids = Ids($"""
                    SELECT r.HouseholdId FROM Residents r JOIN Households h ON h.Id = r.HouseholdId
                    WHERE r.Status = 0 AND r.PhoneTail = $q AND h.GridId IN {_inGrids} ORDER BY r.HouseholdId LIMIT 200
                    """, ("$q", q.Text));
                break;
            case QueryKind.Surname:
                ids = Ids($"""
                    SELECT r.HouseholdId FROM Residents r JOIN Households h ON h.Id = r.HouseholdId
                    WHERE r.Status = 0 AND r.Name >= $q AND r.Name < $upper AND h.GridId IN {_inGrids} ORDER BY r.HouseholdId LIMIT 200
                    """, ("$q", q.Text), ("$upper", q.Text + '\uffff'));
                break;
            default:
                ids = Ids($"""
                    SELECT r.HouseholdId FROM Residents r JOIN Households h ON h.Id = r.HouseholdId
                    WHERE r.Status = 0 AND EXISTS (SELECT 1 FROM NameGrams g WHERE g.Gram = $gram AND g.ResidentId = r.Id)
                      AND instr(r.Name, $q) > 0 AND h.GridId IN {_inGrids} ORDER BY r.HouseholdId LIMIT 200
                    """, ("$q", q.Text), ("$gram", q.Text[..2]));
                break;
        }
        var distinct = ids.Distinct().Take(50).ToList();
        if (distinct.Count == 0) return 0;
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"""
            SELECT h.Id, e.Name, b.Number, en.Number, h.Room, g.Id, g.Name,
              (SELECT r.Name FROM Residents r WHERE r.HouseholdId = h.Id AND r.Status = 0 AND r.Relation = '户主' LIMIT 1),
              (SELECT COUNT(*) FROM Residents r WHERE r.HouseholdId = h.Id AND r.Status = 0)
            FROM Households h JOIN Estates e ON e.Id = h.EstateId JOIN Buildings b ON b.Id = h.BuildingId
            JOIN Entrances en ON en.Id = h.EntranceId JOIN Grids g ON g.Id = h.GridId
            WHERE h.Id IN ({string.Join(',', distinct)})
            """;
        using var reader = cmd.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            _ = reader.GetString(1);
            rows++;
        }
        return rows;
    }

    private List<long> Ids(string sql, params (string Name, object Value)[] args)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args)
        {
            if (cmd.CommandText.Contains(n, StringComparison.Ordinal)) cmd.Parameters.AddWithValue(n, v);
        }
        using var reader = cmd.ExecuteReader();
        var list = new List<long>();
        while (reader.Read()) list.Add(reader.GetInt64(0));
        return list;
    }
}
