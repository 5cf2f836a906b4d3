using System.Globalization;
using System.Net;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Requests;
using static Gongzhi.Tests.Modules.Insight.InsightDriver;

namespace Gongzhi.Tests.Modules.Insight;

// The 议事协商, 矛盾纠纷调解 and 公告 ledgers read back cell by cell: one row per item of the period counted here from
// the raw rows, their numbers adding up to the totals row; the subdistrict's has a sheet per community; each download
// is audited; a grid worker gets neither another grid's nor the community's.
public abstract class MeetingsDisputesNoticesLedgerTests(GongzhiApp app)
{
    private static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    private async Task<List<SheetText>> DownloadAsync(string user, string level, long id, string kind, string query)
    {
        int audits;
        await using (var db = app.NewDb())
            audits = await db.AuditEntries.CountAsync(a => a.Action == "Export" && a.Subject == $"{level}/{id}" && a.Detail!.Contains($"ledger={kind} "));
        var client = (await PageSession.LogInAsync(app, user)).Client;
        var response = await client.GetAsync($"/insight/{level}/{id}/ledgers/{kind}.xlsx?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false))
            new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
        var sheets = ReadXlsx(bytes);
        await using (var db = app.NewDb())
            (await db.AuditEntries.CountAsync(a => a.Action == "Export" && a.Subject == $"{level}/{id}" && a.Detail!.Contains($"ledger={kind} "))).ShouldBe(audits + 1);
        foreach (var sheet in sheets)
        {
            sheet.Rows[3].At(0).ShouldContain("制表人");
            sheet.Rows[^1].At(0).ShouldBe("合计");
        }
        return sheets;
    }

    [Fact]
    public async Task The_yearly_meetings_ledger_has_a_row_per_meeting_held_with_who_came_and_what_was_decided()
    {
        var facts = await DemoFacts.ForAsync(app);
        var now = DateTime.UtcNow;
        var year = ChinaDay(now).Year;
        var (start, end) = (ChinaStart(new DateOnly(year, 1, 1)), ChinaStart(new DateOnly(year + 1, 1, 1)));
        List<(long Id, int Invited, int Present, List<string> Names, int Items, int Adopted, List<string> Hands)> expected = [];
        await using (var db = app.NewDb())
        {
            var meetings = await db.Meetings.Where(m => m.CommunityId == facts.Community1 && m.StartsAt >= start && m.StartsAt < end && m.StartsAt <= now)
                .OrderBy(m => m.StartsAt).ThenBy(m => m.Id).Select(m => m.Id).ToListAsync();
            foreach (var id in meetings)
            {
                var attendees = await db.MeetingAttendees.Where(a => a.MeetingId == id).ToListAsync();
                var agenda = await db.MeetingItems.Where(i => i.MeetingId == id).ToListAsync();
                expected.Add((id, attendees.Count, attendees.Count(a => a.SignedInAt != null), attendees.Where(a => a.SignedInAt != null).Select(a => a.Name).ToList(),
                    agenda.Count, agenda.Count(i => i.Adopted == true),
                    agenda.Where(i => i.Adopted != null).Select(i => $"同意 {i.VotesFor}，反对 {i.VotesAgainst}，弃权 {i.VotesAbstain}").ToList()));
            }
        }
        expected.Count.ShouldBeGreaterThan(0);
        expected.Sum(m => m.Present).ShouldBeGreaterThan(0);

        var sheet = (await DownloadAsync("tuanjie", "community", facts.Community1, "meetings", $"p=year&on={year}")).Single();
        sheet.Rows[0].At(0).ShouldBe("议事协商台账");
        sheet.Rows[4].ShouldBe(["序号", "会议时间", "会议名称", "会议类型", "会议地点", "应到人数", "实到人数", "参会人员", "协商议题", "表决结果及决议", "会议记录"]);
        var items = sheet.Rows.Skip(5).SkipLast(1).ToList();
        items.Count.ShouldBe(expected.Count);
        for (var i = 0; i < items.Count; i++)
        {
            items[i].Num(5).ShouldBe(expected[i].Invited);
            items[i].Num(6).ShouldBe(expected[i].Present);
            foreach (var name in expected[i].Names) items[i].At(7).ShouldContain(name);
            items[i].At(8).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(expected[i].Items);
            foreach (var hands in expected[i].Hands) items[i].At(9).ShouldContain(hands);
        }
        var totals = sheet.Rows[^1];
        totals.At(1).ShouldBe($"共召开会议 {expected.Count} 次，协商议题 {expected.Sum(m => m.Items)} 项，通过 {expected.Sum(m => m.Adopted)} 项");
        totals.Num(5).ShouldBe(expected.Sum(m => m.Invited));
        totals.Num(6).ShouldBe(expected.Sum(m => m.Present));
        items.Sum(r => r.Num(6)).ShouldBe(totals.Num(6));
    }

    [Fact]
    public async Task The_yearly_disputes_ledger_has_a_row_per_dispute_case_with_its_parties_and_mediation_sessions()
    {
        var facts = await DemoFacts.ForAsync(app);
        var now = DateTime.UtcNow;
        var year = ChinaDay(now).Year;
        var (start, end) = (ChinaStart(new DateOnly(year, 1, 1)), ChinaStart(new DateOnly(year + 1, 1, 1)));
        List<long> disputes;
        await using (var db = app.NewDb())
        {
            var categories = await db.CaseCategories.Where(k => k.IsDispute).Select(k => k.Id).ToListAsync();
            disputes = await db.Cases.Where(c => c.CommunityId == facts.Community1 && c.SubmittedAt >= start && c.SubmittedAt < end && categories.Contains(c.CategoryId))
                .OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync();
            disputes.Count.ShouldBeGreaterThan(0);
            // The parties and two sessions on the first dispute, as a mediator records them on the case page.
            db.DisputeParties.Add(new DisputeParty(disputes[0], "张建国", "13800001111", "楼上住户"));
            db.DisputeParties.Add(new DisputeParty(disputes[0], "李秀英", null, "楼下住户"));
            var submitted = await db.Cases.Where(c => c.Id == disputes[0]).Select(c => c.SubmittedAt).SingleAsync();
            db.MediationSessions.Add(new MediationSession(disputes[0], submitted.AddHours(2), "社区调解室", "王调解、赵网格", "双方陈述漏水经过，约定共同请物业查看管道", now));
            db.MediationSessions.Add(new MediationSession(disputes[0], submitted.AddHours(5), "社区调解室", "王调解", "物业确认管道老化，楼上同意承担维修费用", now));
            await db.SaveChangesAsync();
        }
        int sessions, agreed, done;
        string[] partyNames;
        await using (var db = app.NewDb())
        {
            sessions = await db.MediationSessions.CountAsync(s => disputes.Contains(s.CaseId));
            var cases = await db.Cases.Where(c => disputes.Contains(c.Id)).Select(c => new { c.Agreement, c.Status }).ToListAsync();
            agreed = cases.Count(c => !string.IsNullOrEmpty(c.Agreement));
            done = cases.Count(c => c.Status == CaseStatus.Resolved || c.Status == CaseStatus.Closed);
            partyNames = await db.DisputeParties.Where(p => p.CaseId == disputes[0]).Select(p => p.Name).ToArrayAsync();
        }

        var sheet = (await DownloadAsync("tuanjie", "community", facts.Community1, "disputes", $"p=year&on={year}")).Single();
        sheet.Rows[0].At(0).ShouldBe("矛盾纠纷调解台账");
        sheet.Rows[4].ShouldBe(["序号", "受理时间", "地点", "纠纷简况", "当事人", "调解次数", "调解人", "调解经过", "调解协议", "办理状态", "承办人"]);
        var items = sheet.Rows.Skip(5).SkipLast(1).ToList();
        items.Count.ShouldBe(disputes.Count);
        items.Sum(r => r.Num(5)).ShouldBe(sessions);
        sheet.Rows[^1].Num(5).ShouldBe(sessions);
        sheet.Rows[^1].At(1).ShouldBe($"共受理纠纷 {disputes.Count} 件，达成调解协议 {agreed} 件，已办结 {done} 件");
        var first = items[0];
        first.Num(5).ShouldBeGreaterThanOrEqualTo(2);
        first.At(6).ShouldContain("王调解");
        first.At(6).ShouldContain("赵网格");
        first.At(7).ShouldContain("楼上同意承担维修费用");
        // Parties shortened, phones left out.
        foreach (var name in partyNames) first.At(4).ShouldNotContain(name);
        first.At(4).ShouldContain("张*国（楼上住户）");
        string.Join("", items.SelectMany(r => r)).ShouldNotContain("13800001111");
    }

    [Fact]
    public async Task The_yearly_notices_ledger_has_a_row_per_notice_with_its_reach_and_the_subdistricts_has_a_sheet_per_community()
    {
        var facts = await DemoFacts.ForAsync(app);
        var year = ChinaDay(DateTime.UtcNow).Year;
        var (start, end) = (ChinaStart(new DateOnly(year, 1, 1)), ChinaStart(new DateOnly(year + 1, 1, 1)));
        long subdistrict;
        Dictionary<long, (int Notices, int Households, int Reached)> expected = [];
        Dictionary<long, string> names;
        await using (var db = app.NewDb())
        {
            subdistrict = await db.Communities.Where(c => c.Id == facts.Community1).Select(c => c.SubdistrictId).SingleAsync();
            names = await db.Communities.Where(c => c.SubdistrictId == subdistrict).ToDictionaryAsync(c => c.Id, c => c.Name);
            var notices = await db.Set<Notice>().Where(n => n.SubdistrictId == subdistrict && n.PublishedAt >= start && n.PublishedAt < end
                && (n.Status == NoticeStatus.Published || n.Status == NoticeStatus.Withdrawn)).Select(n => new { n.Id, n.CommunityId }).ToListAsync();
            var ids = notices.Select(n => n.Id).ToList();
            var households = await db.Households.Join(db.Grids, h => h.GridId, g => g.Id, (h, g) => new { h.Id, g.CommunityId }).ToDictionaryAsync(h => h.Id, h => h.CommunityId);
            var recipients = await db.Set<NoticeRecipient>().Where(r => ids.Contains(r.NoticeId)).Select(r => new { r.NoticeId, r.HouseholdId, r.ToldAt }).ToListAsync();
            var reads = (await db.Set<NoticeRead>().Where(r => ids.Contains(r.NoticeId)).Select(r => new { r.NoticeId, r.HouseholdId }).ToListAsync())
                .Select(r => (r.NoticeId, r.HouseholdId)).ToHashSet();
            foreach (var cid in names.Keys)
            {
                var mine = notices.Where(n => n.CommunityId == cid
                    || (n.CommunityId == null && recipients.Any(r => r.NoticeId == n.Id && households.GetValueOrDefault(r.HouseholdId) == cid))).ToList();
                var here = recipients.Where(r => mine.Any(n => n.Id == r.NoticeId) && households.GetValueOrDefault(r.HouseholdId) == cid).ToList();
                expected[cid] = (mine.Count, here.Count, here.Count(r => r.ToldAt != null || reads.Contains((r.NoticeId, r.HouseholdId))));
            }
        }
        expected[facts.Community1].Notices.ShouldBeGreaterThan(0);
        expected[facts.Community1].Households.ShouldBeGreaterThan(0);

        var sheet = (await DownloadAsync("tuanjie", "community", facts.Community1, "notices", $"p=year&on={year}")).Single();
        sheet.Rows[0].At(0).ShouldBe("公告台账");
        sheet.Rows[4].ShouldBe(["序号", "发布时间", "公告标题", "类别", "发布单位", "发布人", "状态", "应达户数", "已读户数", "当面告知户数", "已达户数", "到达率"]);
        Check(sheet, expected[facts.Community1]);

        var sheets = await DownloadAsync("jiedao", "subdistrict", subdistrict, "notices", $"p=year&on={year}");
        sheets.Select(s => s.Name).ShouldBe(names.OrderBy(n => n.Key).Select(n => n.Value));
        foreach (var (s, cid) in sheets.Zip(names.Keys.Order())) Check(s, expected[cid]);

        static void Check(SheetText sheet, (int Notices, int Households, int Reached) want)
        {
            var items = sheet.Rows.Skip(5).SkipLast(1).ToList();
            items.Count.ShouldBe(want.Notices);
            items.Sum(r => r.Num(7)).ShouldBe(want.Households);
            items.Sum(r => r.Num(10)).ShouldBe(want.Reached);
            items.ShouldAllBe(r => r.Num(10) <= r.Num(7) && r.Num(10) >= Math.Max(r.Num(8), r.Num(9)));
            var totals = sheet.Rows[^1];
            totals.At(1).ShouldBe($"共发布公告 {want.Notices} 条");
            totals.Num(7).ShouldBe(want.Households);
            totals.Num(10).ShouldBe(want.Reached);
        }
    }

    [Fact]
    public async Task A_grid_worker_gets_neither_another_grids_nor_the_communitys_ledgers_and_nothing_is_audited_for_a_refusal()
    {
        var facts = await DemoFacts.ForAsync(app);
        var worker = (await PageSession.LogInAsync(app, "wangge.li")).Client;
        int audits;
        await using (var db = app.NewDb()) audits = await db.AuditEntries.CountAsync(a => a.Action == "Export");
        foreach (var kind in (string[])["meetings", "disputes", "notices"])
        {
            (await worker.GetAsync($"/insight/grid/{facts.Grid2}/ledgers/{kind}.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await worker.GetAsync($"/insight/community/{facts.Community1}/ledgers/{kind}.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await worker.GetAsync($"/insight/community/{facts.Community2}/ledgers/{kind}.xlsx?p=year")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        await using (var db = app.NewDb()) (await db.AuditEntries.CountAsync(a => a.Action == "Export")).ShouldBe(audits);
        foreach (var kind in (string[])["meetings", "disputes", "notices"])
        {
            var response = await worker.GetAsync($"/insight/grid/{facts.Grid1}/ledgers/{kind}.xlsx");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            ReadXlsx(await response.Content.ReadAsByteArrayAsync()).Single().Rows[^1].At(0).ShouldBe("合计");
        }
        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        (await staff.GetAsync($"/insight/community/{facts.Community2}/ledgers/disputes.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await staff.GetAsync($"/insight/community/{facts.Community1}/ledgers/notices.xlsx?p=month&on=2026-13")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteMeetingsDisputesNoticesLedgerTests(SqliteApp app) : MeetingsDisputesNoticesLedgerTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresMeetingsDisputesNoticesLedgerTests(PostgresApp app) : MeetingsDisputesNoticesLedgerTests(app);
