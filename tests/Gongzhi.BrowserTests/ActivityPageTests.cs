using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Activities.Events;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection("browser")]
public sealed class ActivityPageTests(BrowserApp app)
{
    // A one-place event is full; a resident joins the waitlist on their phone; the holder cancels on
    // theirs; the first resident is promoted, sees it on the page and in the inbox; staff check them in.
    [Fact]
    public async Task Resident_waitlisted_for_a_full_event_is_promoted_when_another_cancels_and_staff_check_them_in()
    {
        var (eventId, holder, waiting, waitingName) = await FullEventAsync(app);

        var holderPhone = await app.NewPageAsync(375, 812);
        await holderPhone.LogInAsync(holder);
        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync(waiting);

        await phone.GotoAsync("/activities");
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.GotoAsync($"/activities/events/{eventId}");
        await Expect(phone.Locator("#register")).ToContainTextAsync("候补");
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.GetByLabel(waitingName, new() { Exact = true }).CheckAsync();
        await phone.ClickToAsync("#register", url => url.Contains("done=registered", StringComparison.Ordinal));
        await Expect(phone.Locator("[data-testid=my-status]")).ToHaveTextAsync("候补");
        await Expect(phone.Locator("[data-testid=position]")).ToContainTextAsync("候补第 1 位");
        await phone.ScreenshotAsync("event-waitlisted-375");

        await holderPhone.GotoAsync($"/activities/events/{eventId}");
        await holderPhone.ClickAsync("[id^=cancel-open-]");
        await holderPhone.ClickToAsync("[data-testid=cancel]", url => url.Contains("done=cancelled", StringComparison.Ordinal));

        await phone.GotoAsync($"/activities/events/{eventId}");
        await Expect(phone.Locator("[data-testid=my-status]")).ToHaveTextAsync("报名成功");
        await phone.Locator("[data-testid=my-registration] details:not(.gz-confirm) summary").ClickAsync();
        await Expect(phone.Locator(".gz-qr svg")).ToBeVisibleAsync();
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("event-promoted-375");
        await phone.GotoAsync("/inbox");
        await Expect(phone.Locator("[data-kind='event.promoted']")).ToContainTextAsync("候补成功");

        var staff = await app.NewPageAsync(375, 812);
        await staff.LogInAsync("tuanjie");
        await staff.GotoAsync($"/activities/events/{eventId}");
        var row = staff.Locator($"[data-testid=staff-row][data-name='{waitingName}']");
        await row.Locator("[data-testid=checkin]").ClickAsync();
        await staff.WaitForURLAsync(url => url.Contains("done=checkedin", StringComparison.Ordinal));
        await Expect(staff.Locator($"[data-testid=staff-row][data-name='{waitingName}'] [data-testid=checked-in]")).ToBeVisibleAsync();
        await staff.ShouldNotScrollSidewaysAsync();
        await staff.ScreenshotAsync("event-checkin-375");

        foreach (var path in new[] { "/activities/venues", "/activities/services", "/activities/mine" })
        {
            await phone.GotoAsync(path);
            await phone.ShouldNotScrollSidewaysAsync();
        }
        await using var db = app.NewDb();
        (await db.CheckIns.CountAsync(c => db.Registrations.Any(r => r.Id == c.RegistrationId && r.EventId == eventId))).ShouldBe(1);
        await phone.Context.CloseAsync();
        await holderPhone.Context.CloseAsync();
        await staff.Context.CloseAsync();
    }

    // Two residents of the first community get accounts; the event (one place unless said) is held by the first.
    internal static async Task<(long EventId, string Holder, string Waiting, string WaitingName)> FullEventAsync(BrowserApp app, int capacity = 1)
    {
        await using var db = app.NewDb();
        var community = await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var linked = await db.Users.Where(u => u.ResidentId != null).Select(u => u.ResidentId!.Value).ToListAsync();
        var people = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id join g in db.Grids on h.GridId equals g.Id
                            where g.CommunityId == community && r.Status == ResidentStatus.Active && r.Relation == "户主"
                            orderby r.Id descending select new { r.Id, r.Name, r.HouseholdId }).Take(50).ToListAsync();
        var two = people.Where(p => !linked.Contains(p.Id)).Take(2).ToList();
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var names = new List<string>();
        foreach (var p in two)
        {
            var user = new AppUser { UserName = $"browser{p.Id}", DisplayName = p.Name, PhoneNumberConfirmed = true, ResidentId = p.Id, CreatedAt = DateTime.UtcNow };
            (await users.CreateAsync(user, BrowserApp.Password)).Succeeded.ShouldBeTrue();
            await users.AddToRoleAsync(user, Roles.Resident);
            names.Add(user.UserName);
        }
        var staffId = await db.Users.Where(u => u.UserName == "tuanjie").Select(u => u.Id).SingleAsync();
        var start = DateTime.UtcNow.Date.AddDays(9).AddHours(6);
        var ev = new Event(community, new EventDraft("老年沙龙·书法体验", EventKind.Regular, "笔墨纸砚由社区提供。", null, "团结新村活动中心", OrganiserKind.Community, "社区居委会",
            start, start.AddHours(2), 1, capacity, null, null, null, false, null, null), staffId, DateTime.UtcNow);
        db.Events.Add(ev);
        await db.SaveChangesAsync();
        db.EventSessions.Add(new EventSession(ev.Id, ev.StartsAt, ev.EndsAt));
        var holder = await db.Users.Where(u => u.UserName == names[0]).Select(u => u.Id).SingleAsync();
        var registration = new Registration(ev.Id, two[0].Id, two[0].HouseholdId, two[0].Name, holder, holder, DateTime.UtcNow);
        registration.Take(true, 1, holder, holder, DateTime.UtcNow);
        db.Registrations.Add(registration);
        await db.SaveChangesAsync();
        await db.Events.Where(e => e.Id == ev.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Seq, 1L));
        return (ev.Id, names[0], names[1], two[1].Name);
    }
}
