using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Volunteering;

// The floor for a ledger posting: what the app's redemption does in the database, written by hand
// on the same file through Microsoft.Data.Sqlite with prepared statements on one connection — take
// one from stock, a transaction row, two conditional balance updates, two entries, the redemption
// row — with no HTTP, no EF, no auth. Run with the app stopped.
public static class LedgerFloor
{
    public static async Task<(int Postings, double Seconds)> RunAsync(string databasePath, long rewardId, IReadOnlyList<long> accounts, long shopAccount, long volunteerBase, TimeSpan window)
    {
        await using var c = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await c.OpenAsync();
        await using (var wal = c.CreateCommand()) { wal.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000;"; await wal.ExecuteNonQueryAsync(); }
        SqliteCommand Prepare(string sql, params string[] names)
        {
            var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            foreach (var n in names) cmd.Parameters.Add(new SqliteParameter(n, null));
            return cmd;
        }
        using var stock = Prepare("UPDATE Rewards SET Stock = Stock - 1 WHERE Id = $r AND Stock > 0", "$r");
        using var txRow = Prepare("INSERT INTO PointsTransactions (Kind, IdempotencyKey, Memo, CreatedAt) VALUES (4, $k, '压测抽纸', $at) RETURNING Id", "$k", "$at");
        using var move = Prepare("UPDATE PointsAccounts SET Balance = Balance + $m WHERE Id = $a AND (Kind = 0 OR Balance + $m >= 0)", "$m", "$a");
        using var entry = Prepare("INSERT INTO PointsEntries (TransactionId, AccountId, Amount, CreatedAt) VALUES ($t, $a, $m, $at)", "$t", "$a", "$m", "$at");
        using var redemption = Prepare("INSERT INTO Redemptions (RewardId, VolunteerId, Price, IdempotencyKey, PickupCode, Status, TransactionId, CreatedAt, Version) VALUES ($r, $v, 1, $k, $p, 0, $t, $at, 0)",
            "$r", "$v", "$k", "$p", "$t", "$at");
        var watch = Stopwatch.StartNew();
        var n = 0;
        while (watch.Elapsed < window)
        {
            var account = accounts[n % accounts.Count];
            var at = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
            foreach (var cmd in new[] { stock, txRow, move, entry, redemption }) cmd.Transaction = tx;
            stock.Parameters["$r"].Value = rewardId;
            if (await stock.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException("floor ran out of stock");
            txRow.Parameters["$k"].Value = $"floor:{Guid.NewGuid():N}";
            txRow.Parameters["$at"].Value = at;
            var t = (long)(await txRow.ExecuteScalarAsync())!;
            foreach (var (a, m) in new[] { (account, -1L), (shopAccount, 1L) }.OrderBy(x => x.Item1))
            {
                move.Parameters["$m"].Value = m;
                move.Parameters["$a"].Value = a;
                if (await move.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException("floor ran out of points");
                entry.Parameters["$t"].Value = t;
                entry.Parameters["$a"].Value = a;
                entry.Parameters["$m"].Value = m;
                entry.Parameters["$at"].Value = at;
                await entry.ExecuteNonQueryAsync();
            }
            redemption.Parameters["$r"].Value = rewardId;
            redemption.Parameters["$v"].Value = volunteerBase;
            redemption.Parameters["$k"].Value = $"floor:{Guid.NewGuid():N}";
            redemption.Parameters["$p"].Value = "F" + n.ToString("D7", System.Globalization.CultureInfo.InvariantCulture); // never one of the app's all-digit codes
            redemption.Parameters["$t"].Value = t;
            redemption.Parameters["$at"].Value = at;
            await redemption.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            n++;
        }
        return (n, watch.Elapsed.TotalSeconds);
    }
}
