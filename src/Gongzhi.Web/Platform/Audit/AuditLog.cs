using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Platform.Audit;

public sealed class AuditLog(IDbContextFactory<GongzhiDb> dbs, CurrentUser user, IHttpContextAccessor http, TimeProvider clock)
{
    // For views: the entry joins the caller's context and is saved with the caller's next SaveChanges (one
    // statement on the request's own connection, in its transaction if it has one), so auditing every
    // unmasked view costs one insert rather than a context and a connection of its own.
    public void Add(GongzhiDb db, string action, string subject, string? detail = null) =>
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow().UtcDateTime, user.Id, user.Name, action, subject, detail,
            http.HttpContext?.Connection.RemoteIpAddress?.ToString()));

    // Uses its own context so the entry is saved even when the caller's work is later rolled back.
    public async Task WriteAsync(string action, string subject, string? detail = null, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow().UtcDateTime, user.Id, user.Name, action, subject, detail,
            http.HttpContext?.Connection.RemoteIpAddress?.ToString()));
        await db.SaveChangesAsync(ct);
    }
}
