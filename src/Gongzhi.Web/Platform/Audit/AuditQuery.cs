using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Platform.Audit;

public sealed record AuditRow(long Id, DateTime At, string UserName, string Action, string Subject, string? Detail, string? IpAddress);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total, int Page, int PageSize);

// The audit log, newest first, for whoever may read it.
public sealed class AuditQuery(GongzhiDb db, CurrentUser user)
{
    public const int PageSize = 50;

    public async Task<AuditPage> RunAsync(int page, CancellationToken ct = default)
    {
        user.Require(Capability.ViewAudit);
        var total = await db.AuditEntries.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var rows = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(a => new AuditRow(a.Id, a.At, a.UserName, a.Action, a.Subject, a.Detail, a.IpAddress)).ToListAsync(ct);
        return new AuditPage(rows, total, page, PageSize);
    }

    // The whole log, newest first, as a file (Platform/Export); read row by row.
    public Export.ExportTable ExportAll(Microsoft.Extensions.Localization.IStringLocalizer text)
    {
        user.Require(Capability.ViewAudit);
        var rows = db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id)
            .Select(a => new { a.At, a.UserName, a.Action, a.Subject, a.Detail, a.IpAddress }).AsAsyncEnumerable();
        string T(string key) => text[$"Export.Col.{key}"];
        async IAsyncEnumerable<string?[]> Rows()
        {
            await foreach (var a in rows) yield return [Gongzhi.Web.Platform.Export.ExportRows.Cell(a.At, text), a.UserName, a.Action, a.Subject, a.Detail, a.IpAddress];
        }
        return new Gongzhi.Web.Platform.Export.ExportTable(text["Export.File.Audit"], "", [new(T("Time")), new(T("User")), new(T("Action")), new(T("Subject")), new(T("Detail")), new(T("Ip"))], Rows());
    }
}
