using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Gongzhi.Web.Modules.Requests.Open311;

// Each api_key has a rate limit: a token bucket as deep as a minute's allowance, refilled steadily, so a client may burst up to its minute and then goes at its steady rate. The limit is the
// key's own (set when it is issued) or Open311:RequestsPerMinute (300 unless configured). Buckets
// live in this instance: behind N instances a key gets up to N times its limit, which still stops a
// runaway client without a shared store.
public sealed class Open311Throttle(IConfiguration configuration) : IDisposable
{
    public const int DefaultPerMinute = 300;

    private readonly ConcurrentDictionary<(long KeyId, int PerMinute), TokenBucketRateLimiter> _buckets = new();

    public int PerMinute(Open311Key key) => key.RequestsPerMinute ?? configuration.GetValue("Open311:RequestsPerMinute", DefaultPerMinute);

    // Throws the spec-shaped 429 when the key has used up its allowance.
    public void Take(Open311Key key)
    {
        var perMinute = PerMinute(key);
        if (perMinute <= 0) return; // 0 in configuration: no limit
        var bucket = _buckets.GetOrAdd((key.Id, perMinute), k => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = k.PerMinute,
            // Up to 60 a minute: one token every 60/limit seconds; above: limit/60 tokens each second.
            TokensPerPeriod = k.PerMinute <= 60 ? 1 : (int)Math.Ceiling(k.PerMinute / 60.0),
            ReplenishmentPeriod = k.PerMinute <= 60 ? TimeSpan.FromSeconds(60.0 / k.PerMinute) : TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        using var lease = bucket.AttemptAcquire();
        if (!lease.IsAcquired) throw new Open311Failure(StatusCodes.Status429TooManyRequests, "api_key", "Requests.Open311.Error.RateLimited", perMinute);
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values) bucket.Dispose();
    }
}
