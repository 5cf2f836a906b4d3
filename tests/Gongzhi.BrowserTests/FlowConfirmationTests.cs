using Gongzhi.Web.Modules.Activities;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

// Giving up a place and booking a time ask first, in plain words, and each has its undo on the page
// that follows: registering the same person again, cancelling the booking just made.
[Collection("browser")]
public sealed class FlowConfirmationTests(BrowserApp app)
{
    [Fact]
    public async Task Cancelling_a_registration_says_who_gets_the_place_and_can_be_undone()
    {
        var (eventId, holder, _, _) = await ActivityPageTests.FullEventAsync(app, capacity: 2);
        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync(holder);
        await phone.GotoAsync($"/activities/events/{eventId}");
        var name = await phone.Locator("[data-testid=my-registration] strong").InnerTextAsync();

        await Expect(phone.Locator("[data-testid=cancel]")).ToBeHiddenAsync();
        await phone.ClickAsync("[id^=cancel-open-]");
        await Expect(phone.Locator("[data-testid=confirm-text]")).ToContainTextAsync($"{name}的名额会空出来");
        await Expect(phone.Locator("[data-testid=cancel]")).ToHaveTextAsync("确认取消报名");
        (await StatusAsync(eventId)).ShouldBe(RegistrationStatus.Confirmed, "opening the confirm step gives nothing up");
        await phone.ShouldNotScrollSidewaysAsync();

        await phone.ClickToAsync("[data-testid=cancel]", url => url.Contains("done=cancelled", StringComparison.Ordinal));
        (await StatusAsync(eventId)).ShouldBe(RegistrationStatus.Cancelled);
        await Expect(phone.Locator("#undo-cancel")).ToHaveTextAsync($"撤销：给{name}重新报名");

        await phone.ClickToAsync("#undo-cancel", url => url.Contains("done=registered", StringComparison.Ordinal));
        (await StatusAsync(eventId)).ShouldBe(RegistrationStatus.Confirmed);
        await Expect(phone.Locator("[data-testid=my-status]")).ToHaveTextAsync("报名成功");
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task Booking_a_service_slot_says_what_is_booked_and_can_be_cancelled_at_once()
    {
        var (_, resident, _, _) = await ActivityPageTests.FullEventAsync(app);
        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync(resident);
        await phone.GotoAsync("/activities/services");
        var open = phone.Locator("[id^=slot-open-]").First;
        var slotId = long.Parse((await open.GetAttributeAsync("id"))!["slot-open-".Length..], System.Globalization.CultureInfo.InvariantCulture);

        await Expect(phone.Locator($"#book-{slotId}")).ToBeHiddenAsync();
        await open.ClickAsync();
        var text = phone.Locator("details[open] [data-testid=confirm-text]");
        await Expect(text).ToContainTextAsync("接待");
        await Expect(text).ToContainTextAsync("在「我的活动」里取消");
        (await TakenAsync(slotId)).ShouldBeFalse("opening the confirm step books nothing");
        await phone.ShouldNotScrollSidewaysAsync();

        await phone.ClickToAsync($"#book-{slotId}", url => url.Contains("appointment=", StringComparison.Ordinal));
        (await TakenAsync(slotId)).ShouldBeTrue();
        await phone.ClickToAsync("#undo-booking", url => url.Contains("done=cancelled", StringComparison.Ordinal));
        (await TakenAsync(slotId)).ShouldBeFalse("the undo frees the slot");
        await using (var db = app.NewDb())
            (await db.Appointments.Where(a => a.SlotId == slotId).Select(a => a.Status).SingleAsync()).ShouldBe(AppointmentStatus.Cancelled);
        await Expect(phone.Locator($"#slot-open-{slotId}")).ToBeVisibleAsync();
        await phone.Context.CloseAsync();
    }

    private async Task<RegistrationStatus> StatusAsync(long eventId)
    {
        await using var db = app.NewDb();
        return await db.Registrations.Where(r => r.EventId == eventId).Select(r => r.Status).SingleAsync();
    }

    private async Task<bool> TakenAsync(long slotId)
    {
        await using var db = app.NewDb();
        return await db.AppointmentSlots.Where(s => s.Id == slotId).Select(s => s.Taken).SingleAsync();
    }
}
