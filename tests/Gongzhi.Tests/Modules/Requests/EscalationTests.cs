using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Requests.Escalation;
using static Gongzhi.Tests.Modules.Requests.CaseDriver;

namespace Gongzhi.Tests.Modules.Requests;

// 督办 on the working calendar: the sweep runs at an instant the test chooses, over cases placed on
// the 2026 calendar, so nothing depends on today's date. A holiday week is not overdue time; a
// 调休 Saturday is working time.
public abstract class EscalationTests(GongzhiApp app)
{
    private readonly CaseDriver _cases = new(app);

    public static async Task<SweepResult> SweepAsync(GongzhiApp host, DateTime at)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EscalationSweep>().RunAsync(at);
    }

    // One pass handles a batch per step; pass again until nothing is left at that instant.
    private async Task SweepUntilQuietAsync(DateTime at)
    {
        for (var i = 0; i < 50; i++)
            if (await SweepAsync(app, at) == new SweepResult(0, 0, 0, 0)) return;
        throw new InvalidOperationException("The sweep never settled.");
    }

    [Fact]
    public async Task A_case_due_after_the_national_day_week_is_not_overdue_during_it()
    {
        var time = await _cases.WorkingTimeAsync();
        var submitted = Cst(2026, 9, 30, 15, 0);
        var resolveBy = time.AddDays(submitted, 1);
        resolveBy.ShouldBe(Cst(2026, 10, 8, 15, 0));
        var taken = await _cases.PlaceAsync("国庆前受理的诉求 " + Marker(), submitted, time.AddMinutes(submitted, 120), resolveBy, acceptedAt: submitted.AddMinutes(30));
        // Nobody took this one before the holiday: its two working hours to first contact run out on 10/8.
        var lateSubmitted = Cst(2026, 9, 30, 16, 30);
        var respondBy = time.AddMinutes(lateSubmitted, 120);
        respondBy.ShouldBe(Cst(2026, 10, 8, 9, 30));
        var untaken = await _cases.PlaceAsync("国庆前无人接单的诉求 " + Marker(), lateSubmitted, respondBy, time.AddDays(lateSubmitted, 1));

        foreach (var at in new[] { Cst(2026, 10, 1, 9, 0), Cst(2026, 10, 4, 12, 0), Cst(2026, 10, 7, 23, 59), Cst(2026, 10, 8, 8, 30) })
        {
            await SweepUntilQuietAsync(at);
            (await LevelAsync(taken)).ShouldBe(EscalationLevel.None, $"{at:u}");
            (await LevelAsync(untaken)).ShouldBe(EscalationLevel.None, $"{at:u}");
        }
        await SweepUntilQuietAsync(Cst(2026, 10, 8, 9, 31));
        (await LevelAsync(untaken)).ShouldBe(EscalationLevel.Community);
        (await LevelAsync(taken)).ShouldBe(EscalationLevel.None);
        await SweepUntilQuietAsync(Cst(2026, 10, 8, 14, 59));
        (await LevelAsync(taken)).ShouldBe(EscalationLevel.None);

        var overdue = Cst(2026, 10, 8, 15, 1);
        var first = await SweepAsync(app, overdue);
        first.ToCommunity.ShouldBeGreaterThanOrEqualTo(1);
        (await LevelAsync(taken)).ShouldBe(EscalationLevel.Community);
        var line = (await _cases.EventsAsync(taken)).Where(e => e.Kind == CaseEventKind.Escalated).ShouldHaveSingleItem();
        line.At.ShouldBe(overdue, TimeSpan.FromSeconds(1));
        line.Internal.ShouldBeTrue();
        line.Text.ShouldBe(nameof(EscalationLevel.Community));
        var told = await EscalationNoticesAsync(taken);
        told.ShouldBe([await _cases.UserIdAsync("tuanjie"), await _cases.UserIdAsync("wangge.li")], ignoreOrder: true);

        // The same instant again: everything due has been done once already.
        (await SweepAsync(app, overdue)).ShouldBe(new SweepResult(0, 0, 0, 0));
        (await _cases.EventsAsync(taken)).Count(e => e.Kind == CaseEventKind.Escalated).ShouldBe(1);
        (await EscalationNoticesAsync(taken)).Count.ShouldBe(told.Count);
        (await EscalationNoticesAsync(untaken)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_make_up_saturday_counts_as_working_time_up_to_the_subdistrict()
    {
        var time = await _cases.WorkingTimeAsync();
        var submitted = Cst(2026, 10, 9, 15, 0); // Friday; Saturday 10/10 is a 调休 working day
        var resolveBy = time.AddDays(submitted, 1);
        resolveBy.ShouldBe(Cst(2026, 10, 10, 15, 0));
        var id = await _cases.PlaceAsync("调休周六到期的诉求 " + Marker(), submitted, time.AddMinutes(submitted, 120), resolveBy, acceptedAt: submitted.AddMinutes(10));

        await SweepUntilQuietAsync(Cst(2026, 10, 10, 14, 59));
        (await LevelAsync(id)).ShouldBe(EscalationLevel.None);
        await SweepUntilQuietAsync(Cst(2026, 10, 10, 15, 1));
        (await LevelAsync(id)).ShouldBe(EscalationLevel.Community);

        // Two more working days (Saturday afternoon, Monday, Tuesday morning and an hour) before the subdistrict.
        time.AddDays(resolveBy, 2).ShouldBe(Cst(2026, 10, 13, 15, 0));
        await SweepUntilQuietAsync(Cst(2026, 10, 12, 17, 30));
        await SweepUntilQuietAsync(Cst(2026, 10, 13, 14, 59));
        (await LevelAsync(id)).ShouldBe(EscalationLevel.Community);
        await SweepUntilQuietAsync(Cst(2026, 10, 13, 15, 1));
        (await LevelAsync(id)).ShouldBe(EscalationLevel.Subdistrict);

        (await _cases.EventsAsync(id)).Where(e => e.Kind == CaseEventKind.Escalated).Select(e => e.Text)
            .ShouldBe([nameof(EscalationLevel.Community), nameof(EscalationLevel.Subdistrict)]);
        var jiedao = await _cases.UserIdAsync("jiedao");
        (await EscalationNoticesAsync(id)).Count(u => u == jiedao).ShouldBe(1);
        var owner = await _cases.UserIdAsync("wangge.li");
        (await EscalationNoticesAsync(id)).Count(u => u == owner).ShouldBe(2);
        var staffView = await GetAsync(await app.ClientForAsync("jiedao"), id);
        staffView["escalation"]!.GetValue<int>().ShouldBe((int)EscalationLevel.Subdistrict);
    }

    [Fact]
    public async Task The_owner_is_warned_once_before_the_deadline_counting_working_minutes()
    {
        var deadline = Cst(2026, 9, 15, 16, 0); // a Tuesday
        var submitted = Cst(2026, 9, 10, 9, 0);
        var id = await _cases.PlaceAsync("即将到期提醒测试 " + Marker(), submitted, submitted.AddHours(2), deadline, acceptedAt: submitted.AddMinutes(20));

        await SweepUntilQuietAsync(Cst(2026, 9, 15, 11, 0));   // 180 working minutes left
        await SweepUntilQuietAsync(Cst(2026, 9, 15, 11, 50));  // 130 left: lunch does not count
        (await WarningsAsync(id)).ShouldBe(0);
        await SweepUntilQuietAsync(Cst(2026, 9, 15, 12, 30));  // 120 left
        (await WarningsAsync(id)).ShouldBe(1);
        await SweepUntilQuietAsync(Cst(2026, 9, 15, 14, 30));
        await SweepUntilQuietAsync(Cst(2026, 9, 15, 15, 59));
        (await WarningsAsync(id)).ShouldBe(1);
        (await LevelAsync(id)).ShouldBe(EscalationLevel.None);
        (await _cases.LoadAsync(id)).WarnedFor.ShouldNotBeNull().ShouldBe(deadline, TimeSpan.FromSeconds(1));

        await SweepUntilQuietAsync(Cst(2026, 9, 15, 16, 1));
        (await LevelAsync(id)).ShouldBe(EscalationLevel.Community);
        (await WarningsAsync(id)).ShouldBe(1);
        await using var db = app.NewDb();
        (await db.Notifications.Where(n => n.Link == $"/cases/{id}" && n.Kind == "case.due").Select(n => n.UserId).SingleAsync())
            .ShouldBe(await _cases.UserIdAsync("wangge.li"));
    }

    // A backlog longer than one batch (after an outage, say): the run says there is more, so the worker goes on at
    // once instead of leaving the rest for its next tick. Due to respond in January 2026 and to resolve in 2027, so
    // no other test's instant finds these cases due for anything else.
    [Fact]
    public async Task A_backlog_longer_than_one_batch_is_reported_and_worked_off()
    {
        var m = Marker();
        var submitted = Cst(2026, 1, 5, 9, 0);
        var ids = new List<long>();
        for (var i = 0; i <= EscalationSweep.Batch; i++)
            ids.Add(await _cases.PlaceAsync($"停电后积压的诉求 {m} {i}", submitted, submitted.AddHours(2), Cst(2027, 6, 30, 17, 0)));
        var at = Cst(2026, 1, 6, 10, 0);

        var first = await SweepAsync(app, at);
        first.ToCommunity.ShouldBe(EscalationSweep.Batch);
        first.More.ShouldBeTrue();
        var runs = 1;
        for (var last = first; last.More && runs < 20; runs++) last = await SweepAsync(app, at);
        runs.ShouldBeGreaterThan(1);
        await using var db = app.NewDb();
        (await db.Cases.Where(c => ids.Contains(c.Id)).Select(c => c.EscalationLevel).ToListAsync()).ShouldAllBe(l => l == EscalationLevel.Community);
        (await SweepAsync(app, at)).ShouldBe(new SweepResult(0, 0, 0, 0));
    }

    private async Task<EscalationLevel> LevelAsync(long id) => (await _cases.LoadAsync(id)).EscalationLevel;

    private async Task<int> WarningsAsync(long id)
    {
        await using var db = app.NewDb();
        return await db.Notifications.CountAsync(n => n.Link == $"/cases/{id}" && n.Kind == "case.due");
    }

    private async Task<List<string>> EscalationNoticesAsync(long id)
    {
        await using var db = app.NewDb();
        return await db.Notifications.Where(n => n.Link == $"/cases/{id}" && n.Kind == "case.escalated").Select(n => n.UserId).ToListAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteEscalationTests(SqliteApp app) : EscalationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresEscalationTests(PostgresApp app) : EscalationTests(app);
