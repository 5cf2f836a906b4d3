namespace Gongzhi.Bench;

public sealed record Latency(double P50, double P95, double P99, int Count)
{
    public static Latency Of(IReadOnlyCollection<double> samplesMs)
    {
        var sorted = samplesMs.Order().ToArray();
        return new Latency(Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted.Length);
    }

    // Nearest-rank percentile: the value below which p% of the samples fall.
    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public string Format() => FormattableString.Invariant($"p50 {P50:0.00} / p95 {P95:0.00} / p99 {P99:0.00} ms");
}

public static class Median
{
    public static double Of(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        if (s.Length == 0) return double.NaN;
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
