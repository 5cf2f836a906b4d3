using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Volunteering;

public sealed record RushFacts(long CommunityId, long RewardId, long ShiftId, long BulkRewardId, IReadOnlyList<string> UserNames, long PoolAccountId, IReadOnlyList<long> VolunteerAccounts);

// Writes the rush's people straight into the demo database while the app is stopped: 2,000
// resident accounts (sharing the demo password's hash, so each can sign in), each a volunteer
// with 1,000 points granted by one balanced ledger transaction; a reward with stock 20; a shift of
// 50 places tomorrow; and a reward with a deep shelf for the posting-throughput run.
public static class VolunteeringSetup
{
    public static async Task<RushFacts> RunAsync(string databasePath, int clients)
    {
        await using var c = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await c.OpenAsync();
        async Task<object?> Scalar(string sql, params (string, object?)[] p)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (k, v) in p) cmd.Parameters.AddWithValue(k, v ?? DBNull.Value);
            return await cmd.ExecuteScalarAsync();
        }
        var community = Convert.ToInt64(await Scalar("SELECT Id FROM Communities ORDER BY Id LIMIT 1"), CultureInfo.InvariantCulture);
        var role = (string)(await Scalar("SELECT Id FROM AspNetRoles WHERE Name = 'Resident'"))!;
        var hash = (string)(await Scalar("SELECT PasswordHash FROM AspNetUsers WHERE UserName = 'tuanjie'"))!;
        var organiser = (string)(await Scalar("SELECT Id FROM AspNetUsers WHERE UserName = 'tuanjie'"))!;
        var now = DateTime.UtcNow;
        string At(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
        var pool = await Scalar("SELECT Id FROM PointsAccounts WHERE Code = $c", ("$c", $"pool:{community}"));
        var poolId = Convert.ToInt64(pool, CultureInfo.InvariantCulture);
        var names = new List<string>();
        var accounts = new List<long>();
        for (var i = 0; i < clients; i++)
        {
            var id = Guid.NewGuid().ToString();
            var name = $"bench{i:D4}";
            names.Add(name);
            await Scalar("""
                INSERT INTO AspNetUsers (Id, DisplayName, CreatedAt, UserName, NormalizedUserName, EmailConfirmed, PasswordHash, SecurityStamp, ConcurrencyStamp,
                    PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
                VALUES ($id, $d, $at, $n, $nn, 0, $h, $s, $cs, 1, 0, 0, 0)
                """, ("$id", id), ("$d", $"压测志愿者{i}"), ("$at", At(now)), ("$n", name), ("$nn", name.ToUpperInvariant()), ("$h", hash),
                ("$s", Guid.NewGuid().ToString("N").ToUpperInvariant()), ("$cs", Guid.NewGuid().ToString()));
            await Scalar("INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ($u, $r)", ("$u", id), ("$r", role));
            var volunteer = Convert.ToInt64(await Scalar("INSERT INTO Volunteers (UserId, CommunityId, Name, CreatedAt) VALUES ($u, $c, $n, $at) RETURNING Id",
                ("$u", id), ("$c", community), ("$n", $"压测{i}"), ("$at", At(now))), CultureInfo.InvariantCulture);
            accounts.Add(Convert.ToInt64(await Scalar("INSERT INTO PointsAccounts (Kind, Code, Name, CommunityId, VolunteerId, Balance, CreatedAt) VALUES (1, $code, $n, $c, $v, 1000, $at) RETURNING Id",
                ("$code", $"volunteer:{volunteer}"), ("$n", $"压测{i}"), ("$c", community), ("$v", volunteer), ("$at", At(now))), CultureInfo.InvariantCulture));
        }
        // One balanced grant: the pool gives every bench volunteer 1,000 points.
        var grant = Convert.ToInt64(await Scalar("INSERT INTO PointsTransactions (Kind, IdempotencyKey, Memo, CreatedAt) VALUES (3, $k, '压测发放', $at) RETURNING Id",
            ("$k", "bench-grant:" + Guid.NewGuid().ToString("N")), ("$at", At(now))), CultureInfo.InvariantCulture);
        foreach (var a in accounts)
            await Scalar("INSERT INTO PointsEntries (TransactionId, AccountId, Amount, CreatedAt) VALUES ($t, $a, 1000, $at)", ("$t", grant), ("$a", a), ("$at", At(now)));
        await Scalar("INSERT INTO PointsEntries (TransactionId, AccountId, Amount, CreatedAt) VALUES ($t, $a, $m, $at)", ("$t", grant), ("$a", poolId), ("$m", -1000L * accounts.Count), ("$at", At(now)));
        await Scalar("UPDATE PointsAccounts SET Balance = Balance - $m WHERE Id = $a", ("$m", 1000L * accounts.Count), ("$a", poolId));

        var reward = Convert.ToInt64(await Scalar("INSERT INTO Rewards (CommunityId, Name, Price, Stock, Active, CreatedAt) VALUES ($c, '压测限量保温杯', 50, 20, 1, $at) RETURNING Id",
            ("$c", community), ("$at", At(now))), CultureInfo.InvariantCulture);
        var bulk = Convert.ToInt64(await Scalar("INSERT INTO Rewards (CommunityId, Name, Price, Stock, Active, CreatedAt) VALUES ($c, '压测抽纸', 1, 1000000, 1, $at) RETURNING Id",
            ("$c", community), ("$at", At(now))), CultureInfo.InvariantCulture);
        var activity = Convert.ToInt64(await Scalar("INSERT INTO VolunteerActivities (CommunityId, Title, Kind, OrganizerUserId, Status, CreatedAt) VALUES ($c, '压测：社区义诊', 'health', $o, 0, $at) RETURNING Id",
            ("$c", community), ("$o", organiser), ("$at", At(now))), CultureInfo.InvariantCulture);
        var shift = Convert.ToInt64(await Scalar("INSERT INTO Shifts (ActivityId, StartsAt, EndsAt, Place, Capacity, Taken, QrSecret) VALUES ($a, $s, $e, '社区广场', 50, 0, $q) RETURNING Id",
            ("$a", activity), ("$s", At(now.AddDays(1))), ("$e", At(now.AddDays(1).AddHours(2))), ("$q", Convert.ToHexString(Guid.NewGuid().ToByteArray()))), CultureInfo.InvariantCulture);
        await tx.CommitAsync();
        return new RushFacts(community, reward, shift, bulk, names, poolId, accounts);
    }
}
