using System.Security.Cryptography;
using System.Text;
using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.Web.Modules.Requests.Open311;

public sealed record Open311KeyRow(long Id, string Name, DateTime CreatedAt, DateTime? RevokedAt, int? RequestsPerMinute);

// The key is in here once, right after it is issued; it is never stored or shown again.
public sealed record IssuedOpen311Key(long Id, string Name, string Key, DateTime CreatedAt);

public sealed record NewOpen311KeyInput(string? Name, int? RequestsPerMinute = null);

// Administrators issue and revoke the keys other systems use to submit requests.
public sealed class Open311Keys(GongzhiDb db, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public const string IssueAction = "IssueOpen311Key";
    public const string RevokeAction = "RevokeOpen311Key";

    public async Task<List<Open311KeyRow>> ListAsync(CancellationToken ct = default)
    {
        user.Require(Capability.ManageRequests);
        return await db.Set<Open311Key>().AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.Id)
            .Select(k => new Open311KeyRow(k.Id, k.Name, k.CreatedAt, k.RevokedAt, k.RequestsPerMinute)).ToListAsync(ct);
    }

    public async Task<IssuedOpen311Key> IssueAsync(NewOpen311KeyInput input, CancellationToken ct = default)
    {
        user.Require(Capability.ManageRequests);
        var key = NewKey();
        var entity = await AddAsync(db, input.Name, key, clock.GetUtcNow().UtcDateTime, ct, input.RequestsPerMinute);
        await audit.WriteAsync(IssueAction, $"Open311Key/{entity.Id}", entity.Name, ct);
        return new IssuedOpen311Key(entity.Id, entity.Name, key, entity.CreatedAt);
    }

    public async Task RevokeAsync(long id, CancellationToken ct = default)
    {
        user.Require(Capability.ManageRequests);
        var key = await db.Set<Open311Key>().FirstOrDefaultAsync(k => k.Id == id, ct) ?? throw new NotFound();
        if (!key.Active) return;
        key.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(RevokeAction, $"Open311Key/{id}", key.Name, ct);
    }

    // The name is how staff see the other system on a case's timeline (and the scope of its
    // idempotency keys), so two keys in use never share one.
    public static async Task<Open311Key> AddAsync(GongzhiDb db, string? name, string key, DateTime now, CancellationToken ct, int? requestsPerMinute = null)
    {
        var entity = new Open311Key(name, Hash(key), now, requestsPerMinute);
        if (await db.Set<Open311Key>().AnyAsync(k => k.Name == entity.Name && k.RevokedAt == null, ct))
            throw new DuplicateFailure("Name", "Requests.Open311.Error.KeyNameTaken", entity.Name);
        db.Set<Open311Key>().Add(entity);
        await db.SaveChangesAsync(ct);
        return entity;
    }

    // The key a request presents: missing, unknown and revoked are each told apart, all as 403.
    public static async Task<Open311Key> VerifyAsync(GongzhiDb db, string? key, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new Open311Failure(403, null, "Requests.Open311.Error.KeyMissing");
        if (key.Length > 200) throw new Open311Failure(403, null, "Requests.Open311.Error.KeyInvalid");
        var hash = Hash(key.Trim());
        var found = await db.Set<Open311Key>().AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash, ct)
            ?? throw new Open311Failure(403, null, "Requests.Open311.Error.KeyInvalid");
        if (!found.Active) throw new Open311Failure(403, null, "Requests.Open311.Error.KeyRevoked");
        return found;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    // 32 random bytes, URL-safe, with a prefix so a leaked key is recognisable in logs and scanners.
    public static string NewKey() => "gz311_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
