using System.Globalization;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Volunteering.Activities;
using static Gongzhi.Tests.Modules.Insight.InsightDriver;

namespace Gongzhi.Tests.Modules.Insight;

// 党员服务时长 on the community dashboard: the confirmed volunteer minutes of party members (matched by account or by
// resident record) in the year, counted here from the raw signups, through the sweep's rollup; its link lists them.
public abstract class PartyServiceTests(GongzhiApp app)
{
    [Fact]
    public async Task Party_members_service_hours_equal_a_count_of_the_raw_signups_and_open_their_list()
    {
        var facts = await DemoFacts.ForAsync(app);
        var now = DateTime.UtcNow;
        await MakeAVolunteerAPartyMemberAsync(facts.Community1, now);
        await SweepAsync(app, now);
        var year = ChinaDay(now).Year;
        var (start, end) = (ChinaStart(new DateOnly(year, 1, 1)), ChinaStart(new DateOnly(year + 1, 1, 1)));
        var community = facts.Community1;
        long minutes, all;
        int signups;
        await using (var db = app.NewDb())
        {
            var members = await db.Set<Gongzhi.Web.Modules.Party.PartyMember>().Select(m => new { m.UserId, m.ResidentId }).ToListAsync();
            var rows = await (from s in db.ShiftSignups
                              join sh in db.Shifts on s.ShiftId equals sh.Id
                              join a in db.VolunteerActivities on sh.ActivityId equals a.Id
                              join v in db.Volunteers on s.VolunteerId equals v.Id
                              where a.CommunityId == community && s.Status == SignupStatus.Confirmed && sh.StartsAt >= start && sh.StartsAt < end
                              select new { s.ConfirmedMinutes, v.UserId, v.ResidentId }).ToListAsync();
            var party = rows.Where(r => members.Any(m => (r.UserId != null && m.UserId == r.UserId) || (r.ResidentId != null && m.ResidentId == r.ResidentId))).ToList();
            minutes = party.Sum(r => (long)(r.ConfirmedMinutes ?? 0));
            signups = party.Count(r => r.ConfirmedMinutes != null);
            all = rows.Sum(r => (long)(r.ConfirmedMinutes ?? 0));
        }
        minutes.ShouldBeGreaterThan(0);
        minutes.ShouldBeLessThan(all);

        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        var html = await staff.GetStringAsync($"/insight/community/{community}?p=year&on={year}");
        FigureText(html, "fig-PartyService").ShouldBe((minutes / 60.0).ToString("0.#", CultureInfo.InvariantCulture));
        ListTotal(await staff.GetStringAsync(FigureHref(html, "fig-PartyService"))).ShouldBe(signups);
    }

    // A resident who served this year becomes a party member through the Party API (as staff record one), so the figure
    // has something to count whatever the demo drew.
    private async Task MakeAVolunteerAPartyMemberAsync(long community, DateTime now)
    {
        var start = ChinaStart(new DateOnly(ChinaDay(now).Year, 1, 1));
        long? resident;
        await using (var db = app.NewDb())
        {
            var members = db.Set<Gongzhi.Web.Modules.Party.PartyMember>();
            resident = await (from s in db.ShiftSignups
                              join sh in db.Shifts on s.ShiftId equals sh.Id
                              join a in db.VolunteerActivities on sh.ActivityId equals a.Id
                              join v in db.Volunteers on s.VolunteerId equals v.Id
                              where a.CommunityId == community && s.Status == SignupStatus.Confirmed && s.ConfirmedMinutes != null && sh.StartsAt >= start
                                    && v.ResidentId != null && !members.Any(m => m.ResidentId == v.ResidentId)
                              orderby v.Id
                              select v.ResidentId).FirstOrDefaultAsync();
            if (resident is null || await members.AnyAsync(m => m.ResidentId != null && db.Volunteers.Any(v => v.ResidentId == m.ResidentId && v.CommunityId == community))) return;
        }
        var api = await app.ClientForAsync("tuanjie");
        var response = await api.PostAsJsonAsync("/api/v1/party/members", new
        {
            communityId = community, kind = nameof(Gongzhi.Web.Modules.Party.MemberKind.Local), residentId = resident, joinedOn = "2010-07-01",
        });
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePartyServiceTests(SqliteApp app) : PartyServiceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPartyServiceTests(PostgresApp app) : PartyServiceTests(app);
