using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection("browser")]
public sealed class PartyPageTests(BrowserApp app)
{
    // 在职党员双报到 as it happens: a member who works at a unit reports to 建设社区 on a 375 px phone,
    // registers as a volunteer and takes a shift the community posted; the community worker finds
    // them on the grid list, and the unit's yearly statement counts the shift.
    [Fact]
    public async Task An_in_post_member_reports_on_a_phone_takes_a_shift_and_the_units_statement_counts_it()
    {
        var (userName, name, gridId, communityId, unitId, unitName) = await MemberToBeAsync();
        var title = "敲门行动" + Guid.NewGuid().ToString("N")[..6];

        var staff = await app.NewPageAsync(375, 812);
        await staff.LogInAsync("jianshe");
        await staff.GotoAsync("/volunteer/activities");
        await staff.FillAsync("#a-title", title);
        await staff.SelectOptionAsync("#a-kind", "green");
        var start = DateTime.UtcNow.AddHours(8).AddHours(1);
        await staff.FillAsync("#a-start", start.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await staff.FillAsync("#a-capacity", "5");
        await staff.FillAsync("#a-place", "建设新村3栋");
        await staff.ClickToAsync("#create-activity", url => PageChecks.PathOf(url).StartsWith("/volunteer/activities/", StringComparison.Ordinal));
        var activityUrl = PageChecks.PathOf(staff.Url);
        var shiftId = await staff.Locator("[data-shift]").First.GetAttributeAsync("data-shift");

        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync(userName);
        await phone.GotoAsync("/party/me");
        await phone.SelectOptionAsync("#unit", unitId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await phone.FillAsync("#joined", "2012-07-01");
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ClickToAsync("#report", url => url.Contains("done=1", StringComparison.Ordinal));
        await Expect(phone.Locator("[data-testid=kind]")).ToHaveTextAsync("在职党员");
        // The posts on offer include the shift just posted.
        await Expect(phone.Locator("[data-testid=shifts]")).ToContainTextAsync(title);
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("party-reported-375");

        await phone.GotoAsync("/volunteer");
        await phone.FillAsync("#skills", "敲门走访");
        await phone.ClickAsync("#register");
        await Expect(phone.Locator("[data-testid=record]")).ToBeVisibleAsync();
        await phone.GotoAsync(activityUrl);
        await phone.ClickToAsync($"#signup-{shiftId}", url => url.Contains("done=1", StringComparison.Ordinal));
        await Expect(phone.Locator($"[data-shift='{shiftId}'] [data-testid=mine]")).ToContainTextAsync("已报名");

        await staff.GotoAsync($"/party/in-post?community={communityId}&grid={gridId}");
        var row = staff.Locator("[data-member]").Filter(new LocatorFilterOptions { HasText = name });
        await Expect(row).ToContainTextAsync(unitName);
        await Expect(row).ToContainTextAsync("1 次岗位");
        await staff.ShouldNotScrollSidewaysAsync();
        await staff.ScreenshotAsync("party-in-post-375");

        await staff.GotoAsync($"/party/units/{unitId}/statement");
        await Expect(staff.Locator("[data-testid=statement]")).ToContainTextAsync(name);
        await Expect(staff.Locator("[data-testid=total-shifts]")).ToHaveTextAsync("1");
        await staff.ShouldNotScrollSidewaysAsync();
        await staff.ScreenshotAsync("party-statement-375");
    }

    // A 建设社区 adult with an account, not a member yet, and a unit of the alliance to name.
    private async Task<(string UserName, string Name, long GridId, long CommunityId, long UnitId, string UnitName)> MemberToBeAsync()
    {
        await using var db = app.NewDb();
        var community = await db.Communities.OrderBy(c => c.Id).Skip(1).Select(c => c.Id).FirstAsync();
        var unit = await db.Set<PartnerUnit>().Where(u => u.CommunityId == community).OrderBy(u => u.Id).FirstAsync();
        var linked = await db.Users.Where(u => u.ResidentId != null).Select(u => u.ResidentId!.Value).ToListAsync();
        var members = await db.Set<PartyMember>().Where(m => m.ResidentId != null).Select(m => m.ResidentId!.Value).ToListAsync();
        var adult = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-25);
        var person = (await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id join g in db.Grids on h.GridId equals g.Id
                             where g.CommunityId == community && r.Status == ResidentStatus.Active && r.BirthDate != null && r.BirthDate < adult
                             orderby r.Id descending
                             select new { r.Id, r.Name, h.GridId }).Take(500).ToListAsync())
            .First(p => !linked.Contains(p.Id) && !members.Contains(p.Id));
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = $"dy{person.Id}", DisplayName = person.Name, PhoneNumberConfirmed = true, ResidentId = person.Id, CreatedAt = DateTime.UtcNow };
        (await users.CreateAsync(user, BrowserApp.Password)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, Roles.Resident)).Succeeded.ShouldBeTrue();
        return (user.UserName, person.Name, person.GridId, community, unit.Id, unit.Name);
    }
}
