using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Gongzhi.Tests.Modules.Activities;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Activities.Appointments;
using Gongzhi.Web.Modules.Volunteering.Points;
using static Gongzhi.Tests.Modules.Insight.InsightDriver;

namespace Gongzhi.Tests.Platform.Export;

// The centre's appointments (服务预约) and the alliance merchants' month (月度结算) as files: the same rows as the
// lists, read back and compared with the raw rows; scope refused; each export audited.
public abstract class AppointmentMerchantExportTests(GongzhiApp app)
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private async Task<int> AuditCountAsync(string list)
    {
        await using var db = app.NewDb();
        return await db.AuditEntries.CountAsync(a => a.Action == "Export" && a.Subject == $"list/{list}");
    }

    private static List<string[]> Csv(byte[] bytes)
    {
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        return ExportTests.ParseCsv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    [Fact]
    public async Task Staff_export_the_coming_appointments_of_their_community_and_others_cannot()
    {
        var facts = await DemoFacts.ForAsync(app);
        long serviceId;
        await using (var db = app.NewDb())
        {
            var s = new CentreService(facts.Community1, "社保认证" + Guid.NewGuid().ToString("N")[..4], ServiceKind.Proxy, "养老金领取资格认证", 20);
            db.CentreServices.Add(s);
            await db.SaveChangesAsync();
            serviceId = s.Id;
        }
        var api = await app.ClientForAsync("tuanjie");
        var slots = await (await api.PostAsJsonAsync($"/api/v1/services/{serviceId}/slots", new { startsAt = ActivityDriver.Iso(ActivityDriver.Local(3, 10, 7)), count = 2 })).JsonAsync();
        var elder = (await new ActivityDriver(app).PeopleAsync(1, minAge: 70, maxAge: 100, accounts: false))[0];
        var booked = await (await api.PostAsJsonAsync($"/api/v1/slots/{slots["ids"]![0]!.GetValue<long>()}/appointments", new { residentId = elder.ResidentId, note = "代办" }))
            .JsonAsync(HttpStatusCode.Created);
        var bookedId = booked.Long("id");

        List<(long Id, string Resident, string Service)> raw;
        await using (var db = app.NewDb())
        {
            var since = DateTime.UtcNow.AddDays(-1);
            var services = db.CentreServices.Where(s => s.CommunityId == facts.Community1).Select(s => s.Id);
            raw = (await (from a in db.Appointments
                          where services.Contains(a.ServiceId) && a.StartsAt >= since
                          join s in db.CentreServices on a.ServiceId equals s.Id
                          orderby a.StartsAt
                          select new { a.Id, a.ResidentName, s.Name, a.StartsAt }).ToListAsync())
                .OrderBy(a => a.StartsAt).Take(200).Select(a => (a.Id, a.ResidentName, a.Name)).ToList();
        }
        raw.ShouldContain(r => r.Id == bookedId);

        var audits = await AuditCountAsync("appointments");
        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        (await staff.GetStringAsync("/activities/services")).ShouldContain("/export/appointments.csv?staff=true");
        var rows = Csv(await staff.GetByteArrayAsync("/export/appointments.csv?staff=true"));
        rows[0].ShouldBe(["编号", "服务项目", "开始时间", "结束时间", "姓名", "状态", "代为预约", "接待人员"]);
        rows.Skip(1).Select(r => (long.Parse(r[0], CultureInfo.InvariantCulture), r[4], r[1])).ToList().ShouldBe(raw);
        rows.Skip(1).Single(r => r[0] == bookedId.ToString(CultureInfo.InvariantCulture))[6].ShouldBe("是");

        // The API gives the same list as .xlsx with the Accept header.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/appointments?staff=true"))
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Xlsx));
            var response = await api.SendAsync(request);
            response.Content.Headers.ContentType!.MediaType.ShouldBe(Xlsx);
            ReadXlsx(await response.Content.ReadAsByteArrayAsync()).Single().Rows.Skip(1).Select(r => r.Num(0)).ShouldBe(raw.Select(r => r.Id));
        }
        (await AuditCountAsync("appointments")).ShouldBe(audits + 2);

        // Another community's staff do not get these rows; a resident is refused the staff list.
        var other = Csv(await (await PageSession.LogInAsync(app, "jianshe")).Client.GetByteArrayAsync("/export/appointments.csv?staff=true"));
        other.Skip(1).Select(r => r[0]).ShouldNotContain(bookedId.ToString(CultureInfo.InvariantCulture));
        var resident = (await PageSession.LogInAsync(app, facts.ResidentUserName)).Client;
        (await resident.GetAsync("/export/appointments.csv?staff=true")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await AuditCountAsync("appointments")).ShouldBe(audits + 3);
    }

    [Fact]
    public async Task Staff_export_the_merchants_month_as_the_settlement_page_shows_it_and_others_cannot()
    {
        var facts = await DemoFacts.ForAsync(app);
        var local = DateTime.UtcNow.AddHours(8);
        var month = local.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var (start, end) = (new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(-8), new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1).AddHours(-8));
        List<(long Id, string Name, long Redemptions, long Points)> raw = [];
        await using (var db = app.NewDb())
        {
            foreach (var m in await db.Merchants.Where(m => m.CommunityId == facts.Community1).OrderBy(m => m.Id).Select(m => new { m.Id, m.Name }).ToListAsync())
            {
                var code = PointsAccount.MerchantCode(m.Id);
                var lines = await (from e in db.PointsEntries
                                   join a in db.PointsAccounts on e.AccountId equals a.Id
                                   join t in db.PointsTransactions on e.TransactionId equals t.Id
                                   where a.Code == code && e.CreatedAt >= start && e.CreatedAt < end && t.Kind != TransactionKind.Settlement
                                   select new { e.Amount, t.Kind }).ToListAsync();
                raw.Add((m.Id, m.Name, lines.Count(l => l.Kind == TransactionKind.MerchantSpend), lines.Sum(l => l.Amount)));
            }
        }
        raw.Count.ShouldBeGreaterThan(0);

        var audits = await AuditCountAsync("merchants");
        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        (await staff.GetStringAsync($"/points/settlement?month={month}")).ShouldContain($"/export/merchants.csv?month={month}");
        var rows = Csv(await staff.GetByteArrayAsync($"/export/merchants.csv?month={month}"));
        rows[0].ShouldBe(["编号", "商户", "月份", "兑换次数", "积分", "已结算"]);
        rows.Skip(1).Select(r => (long.Parse(r[0], CultureInfo.InvariantCulture), r[1], long.Parse(r[3], CultureInfo.InvariantCulture), long.Parse(r[4], CultureInfo.InvariantCulture)))
            .ToList().ShouldBe(raw);
        rows.Skip(1).ShouldAllBe(r => r[2] == month);

        var api = await app.ClientForAsync("tuanjie");
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/points/merchant/settlements?month={month}"))
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
            var response = await api.SendAsync(request);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
            Csv(await response.Content.ReadAsByteArrayAsync()).Count.ShouldBe(raw.Count + 1);
        }
        (await AuditCountAsync("merchants")).ShouldBe(audits + 2);

        // Another community's staff: 404 on this community; a grid worker and a resident: 403. None audited.
        var other = (await PageSession.LogInAsync(app, "jianshe")).Client;
        (await other.GetAsync($"/export/merchants.csv?communityId={facts.Community1}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await PageSession.LogInAsync(app, "wangge.li")).Client.GetAsync("/export/merchants.xlsx")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await PageSession.LogInAsync(app, facts.ResidentUserName)).Client.GetAsync("/export/merchants.csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await AuditCountAsync("merchants")).ShouldBe(audits + 2);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAppointmentMerchantExportTests(SqliteApp app) : AppointmentMerchantExportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAppointmentMerchantExportTests(PostgresApp app) : AppointmentMerchantExportTests(app);
