using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;

namespace Gongzhi.Web.Platform.Accounts;

// Limits on everything a stranger can try without an account (section "Accounts:Limits").
public sealed class AccountLimits
{
    // Posts to login, registration and confirmation (pages and API) per client address and window.
    public int AuthPerAddress { get; set; } = 30;
    public int AuthWindowSeconds { get; set; } = 60;
    // Wrong passwords for one user name from one address before that pair is locked out.
    public int FailuresBeforeLockout { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
    // One-time codes sent to one phone, and from one client address, per window.
    public int CodesPerPhone { get; set; } = 3;
    public int CodesPerAddress { get; set; } = 10;
    public int CodeWindowMinutes { get; set; } = 15;
    // Wrong codes for one pending registration before a new code is needed.
    public int CodeAttempts { get; set; } = 5;
}

// Too many tries: 429, answered before any work is done.
public sealed class TooManyRequests(string messageKey = "Account.Error.TooMany") : DomainException(messageKey);

// The in-process counters behind the limits. Each instance counts on its own: behind a load balancer
// with N instances a determined client gets at most N times the limit, which the per-registration
// attempt counter in the database (AccessFailedCount) does not allow for code guessing.
public sealed class AccountThrottle(AccountLimits limits, TimeProvider clock) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _codes = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = k.StartsWith("phone:", StringComparison.Ordinal) ? limits.CodesPerPhone : limits.CodesPerAddress,
            Window = TimeSpan.FromMinutes(limits.CodeWindowMinutes),
            QueueLimit = 0,
        }));

    private readonly PartitionedRateLimiter<string> _confirms = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            // Each code sent in the window brings its own attempts; this only keeps parallel guesses from outrunning the count.
            PermitLimit = (int)Math.Min(int.MaxValue, (long)limits.CodeAttempts * Math.Max(1, limits.CodesPerPhone)),
            Window = TimeSpan.FromMinutes(limits.CodeWindowMinutes),
            QueueLimit = 0,
        }));

    private sealed record Failures(int Count, DateTime Since, DateTime? LockedUntil);
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    // A code may go out to this phone from this address (both counted).
    public void TakeCode(string phone, string? address)
    {
        using var byAddress = _codes.AttemptAcquire("address:" + address);
        if (!byAddress.IsAcquired) throw new TooManyRequests("Account.Error.TooManyCodes");
        using var byPhone = _codes.AttemptAcquire("phone:" + phone);
        if (!byPhone.IsAcquired) throw new TooManyRequests("Account.Error.TooManyCodes");
    }

    // One guess at a phone's code; the database counter decides for good, this keeps parallel guesses out.
    public void TakeConfirm(string phone)
    {
        using var lease = _confirms.AttemptAcquire(phone);
        if (!lease.IsAcquired) throw new ValidationFailure("Code", "Account.Error.CodeSpent");
    }

    // Lock-out is per user name *and* client address: nobody can lock an account out from somewhere else.
    public static string LoginKey(string userName, string? address) => userName.Trim().ToUpperInvariant() + "\n" + address;

    public bool IsLockedOut(string key) => _failures.TryGetValue(key, out var f) && f.LockedUntil > Now;

    public void Failed(string key)
    {
        var now = Now;
        var window = TimeSpan.FromMinutes(limits.LockoutMinutes);
        _failures.AddOrUpdate(key, _ => Next(new Failures(0, now, null)), (_, f) => Next(f.Since + window < now || f.LockedUntil <= now ? new Failures(0, now, null) : f));
        Failures Next(Failures f) => f.Count + 1 >= limits.FailuresBeforeLockout ? new Failures(0, now, now + window) : f with { Count = f.Count + 1 };
        if (_failures.Count > 100_000) Sweep(now);
    }

    public void Succeeded(string key) => _failures.TryRemove(key, out _);

    private void Sweep(DateTime now)
    {
        var window = TimeSpan.FromMinutes(limits.LockoutMinutes);
        foreach (var (key, f) in _failures)
            if (f.LockedUntil is null ? f.Since + window < now : f.LockedUntil < now) _failures.TryRemove(key, out _);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public static string? Address(HttpContext? http) => http?.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null;

    public void Dispose()
    {
        _codes.Dispose();
        _confirms.Dispose();
    }
}
