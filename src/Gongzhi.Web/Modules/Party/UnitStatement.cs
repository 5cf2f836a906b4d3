using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Registry.Transfer;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.Web.Modules.Party;

public sealed record StatementLine(string Name, string? Grid, DateOnly? ReportedOn, int Shifts, decimal Hours, int CareVisits = 0, int Wishes = 0);
public sealed record Statement(long UnitId, string Unit, string Community, int Year, IReadOnlyList<StatementLine> Lines, int Shifts, decimal Hours,
    int CareVisits = 0, int Wishes = 0);

// 在职党员社区服务情况: the yearly statement a unit asks the community for, one line per in-post
// member of the unit who reported here, with the shifts they took and the hours confirmed, and the
// care visits they made and small wishes they fulfilled (Care's record, by their account).
public sealed class UnitStatement(GongzhiDb db, PartyAccess access, ServiceFigures service, CareService care, AuditLog audit)
{
    public async Task<Statement> RunAsync(long unitId, int? year, CancellationToken ct = default)
    {
        var unit = await db.Set<PartnerUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct) ?? throw new NotFound();
        await access.RequireManageAsync(unit.CommunityId, ct);
        var y = year ?? access.Today.Year;
        if (y < 2000 || y > access.Today.Year) throw new ValidationFailure("Year", "Validation.Range", 2000, access.Today.Year);
        var community = await db.Communities.Where(c => c.Id == unit.CommunityId).Select(c => c.Name).FirstAsync(ct);
        var members = await db.Set<PartyMember>().AsNoTracking().Where(m => m.UnitId == unitId && m.Kind == MemberKind.Employed).OrderBy(m => m.GridId).ThenBy(m => m.Id).ToListAsync(ct);
        var grids = await db.Grids.Where(g => g.CommunityId == unit.CommunityId).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var figures = await service.ForAsync(members, y, ct);
        var cared = await care.ForAccountsAsync(members.Where(m => m.UserId != null).Select(m => m.UserId!).ToList(), y, ct);
        var lines = members.Select(m =>
        {
            var c = m.UserId is { } u ? cared.GetValueOrDefault(u) ?? CareServiceCount.None : CareServiceCount.None;
            return new StatementLine(m.Name, m.GridId is { } g ? grids[g] : null, m.ReportedOn, figures[m.Id].Shifts, figures[m.Id].Hours, c.Visits, c.Wishes);
        }).ToList();
        // The statement names members: handing it out is a view of party membership.
        await audit.WriteAsync(PartyAccess.AuditViewMembers, $"PartnerUnit/{unitId}", $"statement year={y} members={members.Count}", ct);
        return new Statement(unit.Id, unit.Name, community, y, lines, lines.Sum(l => l.Shifts), lines.Sum(l => l.Hours),
            lines.Sum(l => l.CareVisits), lines.Sum(l => l.Wishes));
    }

    public static readonly IReadOnlyList<string> Headers = ["姓名", "居住网格", "报到日期", "服务岗位（次）", "服务时长（小时）", "关爱走访（次）", "微心愿（个）"];

    public async Task<(string FileName, byte[] Content)> XlsxAsync(long unitId, int? year, CancellationToken ct = default)
    {
        var s = await RunAsync(unitId, year, ct);
        static string Num(decimal d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        var rows = s.Lines.Select(l => new string?[]
        {
            l.Name, l.Grid, l.ReportedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            l.Shifts.ToString(CultureInfo.InvariantCulture), Num(l.Hours),
            l.CareVisits.ToString(CultureInfo.InvariantCulture), l.Wishes.ToString(CultureInfo.InvariantCulture),
        }).Append(["合计", $"{s.Lines.Count}人", null, s.Shifts.ToString(CultureInfo.InvariantCulture), Num(s.Hours),
            s.CareVisits.ToString(CultureInfo.InvariantCulture), s.Wishes.ToString(CultureInfo.InvariantCulture)]);
        var content = XlsxWriter.Write($"{s.Year}年", Headers, rows);
        return ($"{s.Unit}-在职党员社区服务-{s.Year}.xlsx", content);
    }
}
