using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Platform.Audit;

public sealed class AuditLog(IDbContextFactory<GongzhiDb> dbs, CurrentUser user, IHttpContextAccessor http, TimeProvider clock)
{
    // Uses its own context so the entry is saved even when the caller's work is later rolled back.
    public async Task WriteAsync(string action, string subject, string? detail = null, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow().UtcDateTime, user.Id, user.Name, action, subject, detail,
            http.HttpContext?.Connection.RemoteIpAddress?.ToString()));
        await db.SaveChangesAsync(ct);
    }
}
