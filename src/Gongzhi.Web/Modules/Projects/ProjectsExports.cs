using System.Globalization;
using Gongzhi.Web.Modules.Registry.Transfer;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Projects;

// The call's applications with their scores, and the grants ledger, as .xlsx for the paperwork (台账).
public sealed class ProjectsExports(ProjectsQueries queries, ProjectsAccess access, IStringLocalizer text, TimeProvider clock)
{
    private string Day => ProjectsTime.Today(clock.GetUtcNow().UtcDateTime).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public async Task<ExportFile> ApplicationsAsync(long callId, CancellationToken ct = default)
    {
        var call = await queries.CallAsync(callId, ct);
        if (!call.Manages) throw new NotFound();
        var ranking = await queries.RankingAsync(callId, ct);
        var headers = new[] { "排名", "项目", "申报组织", "申请金额（元）", "加权平均分", "并列比较分", "评审人数", "回避人数", "状态", "资助金额（元）" };
        var rows = ranking.Select(r => new string?[]
        {
            r.Rank.ToString(CultureInfo.InvariantCulture), r.Title, r.Organisation, ProjectsTime.Yuan(r.RequestedFen),
            r.Mean?.ToString("0.00", CultureInfo.InvariantCulture), r.TieBreak?.ToString("0.00", CultureInfo.InvariantCulture),
            r.Reviews.ToString(CultureInfo.InvariantCulture), r.Conflicts.ToString(CultureInfo.InvariantCulture),
            text[$"Enum.ApplicationStatus.{r.Status}"], r.Status is ApplicationStatus.Funded or ApplicationStatus.Completed ? ProjectsTime.Yuan(r.GrantedFen) : null,
        });
        return new ExportFile($"{call.Title}-申报与评分-{Day}.xlsx", XlsxWriter.Write("申报与评分", headers, rows));
    }

    public async Task<ExportFile> LedgerAsync(long callId, CancellationToken ct = default)
    {
        var call = await queries.CallAsync(callId, ct);
        if (!call.Manages || !access.IsStaff) throw new NotFound();
        var ledger = await queries.LedgerAsync(callId, ct);
        var headers = new[] { "日期", "项目", "类型", "金额（元）", "备注" };
        var rows = ledger.Select(l => new string?[] { ProjectsTime.Format(l.At), l.Project, text[$"Enum.GrantEntryKind.{l.Kind}"], ProjectsTime.Yuan(l.AmountFen), l.Note });
        return new ExportFile($"{call.Title}-资金台账-{Day}.xlsx", XlsxWriter.Write("资金台账", headers, rows));
    }
}
