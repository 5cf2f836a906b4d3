using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Activities.Events;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

// An event for people of 60 and over, seen by a younger member of a household with an elder: only
// the elder can be ticked, nobody is ticked for them, and the younger one reads why before
// submitting ("仅限 60 岁及以上"). Submitting with nobody ticked asks again and writes nothing.
[Collection("browser")]
public sealed class EligibleSignUpTests(BrowserApp app)
{
    [Fact]
    public async Task Sign_up_offers_only_eligible_members_none_ticked_and_says_why_the_others_cannot_join()
    {
        var (eventId, userName, elder, younger) = await SetUpAsync();
        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync(userName);
        await phone.GotoAsync($"/activities/events/{eventId}");

        var boxes = phone.Locator("input[name=residentIds]");
        await Expect(phone.Locator($"#member-{elder.Id}")).Not.ToBeCheckedAsync();
        await Expect(phone.Locator($"#member-{younger.Id}")).ToHaveCountAsync(0);
        await Expect(phone.Locator($"[data-testid=ineligible][data-resident='{younger.Id}']")).ToHaveTextAsync($"{younger.Name}：仅限 60 岁及以上");
        (await boxes.EvaluateAllAsync<bool[]>("els => els.map(e => e.checked)")).ShouldAllBe(c => !c);
        await phone.ShouldNotScrollSidewaysAsync();

        await phone.ClickAsync("#register");
        await Expect(phone.GetByRole(Microsoft.Playwright.AriaRole.Alert)).ToContainTextAsync("请至少勾选一位");
        (await RegisteredAsync(eventId)).ShouldBeEmpty("nothing is written when nobody is ticked");

        await phone.CheckAsync($"#member-{elder.Id}");
        await phone.ClickToAsync("#register", url => url.Contains("done=registered", StringComparison.Ordinal));
        (await RegisteredAsync(eventId)).ShouldBe([elder.Id]);
        await phone.Context.CloseAsync();
    }

    private async Task<long[]> RegisteredAsync(long eventId)
    {
        await using var db = app.NewDb();
        return await db.Registrations.Where(r => r.EventId == eventId && r.Status != RegistrationStatus.Cancelled).Select(r => r.ResidentId).ToArrayAsync();
    }

    // A household of the first community with someone over 62 and someone under 58 on the day,
    // neither with an account yet; the younger one gets one.
    private async Task<(long EventId, string UserName, (long Id, string Name) Elder, (long Id, string Name) Younger)> SetUpAsync()
    {
        await using var db = app.NewDb();
        var community = await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var linked = await db.Users.Where(u => u.ResidentId != null).Select(u => u.ResidentId!.Value).ToListAsync();
        var start = DateTime.UtcNow.Date.AddDays(10).AddHours(1);
        var day = DateOnly.FromDateTime(start);
        var residents = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id join g in db.Grids on h.GridId equals g.Id
                               where g.CommunityId == community && r.Status == ResidentStatus.Active && r.BirthDate != null
                               select new { r.Id, r.Name, r.HouseholdId, r.BirthDate }).ToListAsync();
        var household = residents.Where(r => !linked.Contains(r.Id)).GroupBy(r => r.HouseholdId)
            .Where(g => g.Count() == residents.Count(r => r.HouseholdId == g.Key))
            .Select(g => (Elder: g.FirstOrDefault(r => Audience.AgeOn(r.BirthDate, day) >= 62), Younger: g.FirstOrDefault(r => Audience.AgeOn(r.BirthDate, day) is >= 18 and < 58)))
            .First(p => p.Elder is not null && p.Younger is not null);

        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = $"eligible{household.Younger!.Id}", DisplayName = household.Younger.Name, PhoneNumberConfirmed = true, ResidentId = household.Younger.Id, CreatedAt = DateTime.UtcNow };
        (await users.CreateAsync(user, BrowserApp.Password)).Succeeded.ShouldBeTrue();
        await users.AddToRoleAsync(user, Roles.Resident);

        var staffId = await db.Users.Where(u => u.UserName == "tuanjie").Select(u => u.Id).SingleAsync();
        var ev = new Event(community, new EventDraft("重阳节长者茶话会", EventKind.Regular, "为辖区 60 岁及以上长者举办。", null, "团结新村活动中心", OrganiserKind.Community, "社区居委会",
            start, start.AddHours(2), 1, 30, 60, null, null, false, null, null), staffId, DateTime.UtcNow);
        db.Events.Add(ev);
        await db.SaveChangesAsync();
        db.EventSessions.Add(new EventSession(ev.Id, ev.StartsAt, ev.EndsAt));
        await db.SaveChangesAsync();
        return (ev.Id, user.UserName, (household.Elder!.Id, household.Elder.Name), (household.Younger.Id, household.Younger.Name));
    }
}
