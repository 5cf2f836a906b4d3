using System.Globalization;
using System.Text;

namespace Gongzhi.Bench.Requests;

public static class RequestsReport
{
    public static string Table(RequestsResult r)
    {
        var sb = new StringBuilder();
        var g = r.Generation;
        void Row(string measure, string target, string value) => sb.Append(CultureInfo.InvariantCulture, $"| {measure} | {target} | {value} |\n");
        static string Ms(Latency l) => FormattableString.Invariant($"{l.P50:0.0} / **{l.P95:0.0}** / {l.P99:0.0} ms");

        sb.Append(CultureInfo.InvariantCulture, $"| requests: {g.Cases:N0} cases over {r.Households:N0} households ({r.DatabaseMb:N0} MB) | target | SQLite |\n");
        sb.Append("| --- | --- | --- |\n");
        Row("case generation (rows; indexes; ANALYZE)", "",
            FormattableString.Invariant($"{g.TotalSeconds:0} s ({g.InsertSeconds:0}; {g.IndexSeconds:0}; {g.AnalyzeSeconds:0}) for {g.Cases:N0} cases, {g.Events:N0} events, {g.Referrals:N0} referrals; {g.Open:N0} open"));
        foreach (var m in r.Reads)
            Row(m.Name + ", p50 / p95 / p99 (app CPU per request)", m.Name.Contains("filter", StringComparison.Ordinal) ? "(not a target)" : "p95 < 50 ms",
                FormattableString.Invariant($"{Ms(m.Latency)} (CPU {m.CpuMs:0.0} ms)"));
        Row("  search hits per word for the grid worker", "", string.Join(", ", r.WordHits.Select(w => FormattableString.Invariant($"{w.Word} {w.Total:N0}"))));
        Row($"intake POST /api/v1/cases at {r.Concurrency} connections: throughput", "≥ 0.5× floor",
            FormattableString.Invariant($"**{r.Intake.PerSecond:N0} req/s = {r.Intake.PerSecond / r.Floor.PerSecond:0.00}× floor** (server CPU {r.Intake.CpuMsPerRequest:0.0} ms/req)"));
        Row("  intake p50 / p95 / p99", "p99 < 50 ms", Ms(r.Intake.Latency) + (r.Intake.Failed > 0 ? $"; {r.Intake.Failed} failed" : ""));
        Row("  intake one at a time (1 connection): throughput; p50 / p95 / p99", "",
            FormattableString.Invariant($"{r.SingleIntake.PerSecond:N0} req/s; {Ms(r.SingleIntake.Latency)} (server CPU {r.SingleIntake.CpuMsPerRequest:0.0} ms/req)"));
        foreach (var (name, f) in new[] { ("plain", r.PlainFloor), ("INSERTs queued in-process", r.QueuedFloor) })
            Row($"  floor: bare endpoint, one INSERT, same file ({name}): throughput; p50 / p95 / p99", "",
                FormattableString.Invariant($"{f.PerSecond:N0} req/s; {Ms(f.Latency)} (server CPU {f.CpuMsPerRequest:0.00} ms/req)"));
        var c = r.Crash;
        Row("crash: kill -9 under intake load, restart, acknowledged cases present", "missing = 0",
            FormattableString.Invariant($"**{c.FoundInDb:N0} of {c.Acknowledged:N0}, missing {c.Missing}** ({c.FoundComplete:N0} with timeline + search terms, {c.FoundByApi:N0} via API); killed after {c.KilledAfterSeconds:0.0} s; restart {c.RestartSeconds:0.0} s; quick_check {c.QuickCheck}"));
        Row("machine load (1-min load average: whole section; during intake)", "", FormattableString.Invariant($"{r.LoadAverage:0.0}; {r.IntakeLoadAverage:0.0}"));
        return sb.ToString();
    }
}
