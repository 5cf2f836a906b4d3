using Gongzhi.Web.Components.Shared;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Platform.Export;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Volunteering;

// 导出 the community's confirmed service (志愿服务时长) and its points ledger (积分明细), by date (China days), for
// those who manage volunteering there. Both read straight from the database row by row: a district's year of
// service is hundreds of thousands of lines.
public sealed class VolunteeringExports(GongzhiDb db, VolunteeringAccess access)
{
    public async Task<ExportTable> HoursAsync(DateOnly? from, DateOnly? to, IStringLocalizer text, CancellationToken ct = default)
    {
        var community = await CommunityAsync(from, to, ct);
        var (start, end) = Range(from, to);
        var rows = (from s in db.ShiftSignups.AsNoTracking()
                    where s.Status == SignupStatus.Confirmed && s.ConfirmedMinutes != null
                    join sh in db.Shifts on s.ShiftId equals sh.Id
                    where sh.StartsAt >= start && sh.StartsAt < end
                    join a in db.VolunteerActivities on sh.ActivityId equals a.Id
                    where a.CommunityId == community
                    join v in db.Volunteers on s.VolunteerId equals v.Id
                    orderby sh.StartsAt, s.Id
                    select new { v.Name, a.Title, sh.StartsAt, sh.Place, Minutes = s.ConfirmedMinutes!.Value }).AsAsyncEnumerable();
        string T(string key) => text[$"Export.Col.{key}"];
        ExportColumn[] columns = [new(T("Volunteer")), new(T("Activity")), new(T("Starts")), new(T("Place")), new(T("Minutes"), Number: true), new(T("Hours"), Number: true)];
        async IAsyncEnumerable<string?[]> Rows()
        {
            await foreach (var r in rows)
                yield return [r.Name, r.Title, ChinaTime.Format(r.StartsAt), r.Place, ExportRows.Cell(r.Minutes, text), ExportRows.Cell(Math.Round(r.Minutes / 60m, 2), text)];
        }
        return new ExportTable(text["Export.File.Hours"], ExportParts.Describe(("communityId", community), ("from", from), ("to", to)), columns, Rows());
    }

    public async Task<ExportTable> LedgerAsync(DateOnly? from, DateOnly? to, IStringLocalizer text, CancellationToken ct = default)
    {
        var community = await CommunityAsync(from, to, ct);
        var (start, end) = Range(from, to);
        var rows = (from e in db.PointsEntries.AsNoTracking()
                    where e.CreatedAt >= start && e.CreatedAt < end
                    join a in db.PointsAccounts on e.AccountId equals a.Id
                    where a.Kind == AccountKind.Volunteer
                    join v in db.Volunteers on a.VolunteerId equals v.Id
                    where v.CommunityId == community
                    join t in db.PointsTransactions on e.TransactionId equals t.Id
                    orderby e.CreatedAt, e.Id
                    select new { e.CreatedAt, v.Name, t.Kind, e.Amount, t.Memo }).AsAsyncEnumerable();
        string T(string key) => text[$"Export.Col.{key}"];
        ExportColumn[] columns = [new(T("Time")), new(T("Volunteer")), new(T("Kind2")), new(T("Amount"), Number: true), new(T("Note"))];
        async IAsyncEnumerable<string?[]> Rows()
        {
            await foreach (var r in rows)
                yield return [ChinaTime.Format(r.CreatedAt), r.Name, text[$"Enum.TransactionKind.{r.Kind}"], ExportRows.Cell(r.Amount, text), r.Memo];
        }
        return new ExportTable(text["Export.File.Points"], ExportParts.Describe(("communityId", community), ("from", from), ("to", to)), columns, Rows());
    }

    private async Task<long> CommunityAsync(DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        if (from is { } f && to is { } t && t < f) throw new ValidationFailure("to", "Requests.Error.DateRange");
        var community = await access.HomeCommunityAsync(ct) ?? 0;
        await access.RequireManageAsync(community, ct);
        return community;
    }

    private static (DateTime Start, DateTime End) Range(DateOnly? from, DateOnly? to) =>
        (from is { } f ? f.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8) : DateTime.UnixEpoch,
         to is { } t ? t.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8) : new DateTime(2200, 1, 1, 0, 0, 0, DateTimeKind.Utc));
}
