using Gongzhi.Web.Modules.Care;

namespace Gongzhi.Tests.Modules.Care;

// The visitor is warned the day before, the grid leader told a week late: once each, however many
// instances sweep the database at the same time.
public abstract class CareSweepTests(GongzhiApp app)
{
    private readonly CareDriver _d = new(app);

    private static async Task<SweepResult> SweepAsync(GongzhiApp host, DateTime at)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CareSweep>().RunAsync(at);
    }

    private async Task DueOnAsync(long id, DateOnly due)
    {
        await using var db = app.NewDb();
        await db.Set<CareRecipient>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.NextDueOn, due));
    }

    [Fact]
    public async Task Two_hosts_warn_the_visitor_once_the_day_before_and_tell_the_leader_once_a_week_late()
    {
        var facts = await DemoFacts.ForAsync(app);
        var warnId = await _d.AddAsync(await _d.FreshResidentAsync());
        var lateId = await _d.AddAsync(await _d.FreshResidentAsync());
        // A day no demo recipient is due on: the warning round touches only this one.
        var due = new DateOnly(2031, 3, 15);
        await DueOnAsync(warnId, due);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        await DueOnAsync(lateId, today.AddDays(-CareSweep.EscalateAfterDays));

        var second = new SecondHost(app);
        await second.InitializeAsync();
        try
        {
            GongzhiApp[] hosts = [app, second];
            var eve = new DateTime(2031, 3, 14, 1, 0, 0, DateTimeKind.Utc); // 09:00 in Beijing, the day before
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => SweepAsync(hosts[i % 2], eve))));
            results.Sum(r => r.Warned).ShouldBe(1);
            var warned = await _d.NoticesAsync("care.due", $"/care/recipients/{warnId}/visit");
            // No one is named in the plan: the grid's workers with an account are told.
            warned.ShouldBe([facts.UserIds["wangge.li"]]);

            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => SweepAsync(hosts[i % 2], DateTime.UtcNow))));
            (await _d.NoticesAsync("care.overdue", $"/care/recipients/{lateId}")).ShouldBe([facts.UserIds["wangge.zhang"]]);
            // A day less late is not yet the leader's business.
            (await _d.NoticesAsync("care.overdue", $"/care/recipients/{warnId}")).ShouldBeEmpty();

            // A visit moves the due date; the next one is warned about again, once.
            var worker = await _d.WorkerAsync();
            (await worker.PostAsync($"/api/v1/care/recipients/{lateId}/visits", Api.RawJson("""{"kind":1,"condition":1}"""))).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
            (await _d.RecipientAsync(lateId)).EscalatedFor.ShouldBe(today.AddDays(-CareSweep.EscalateAfterDays));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_paused_recipient_is_neither_warned_nor_escalated()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var worker = await _d.WorkerAsync();
        (await worker.PostAsync($"/api/v1/care/recipients/{id}/pause", Api.RawJson("""{"version":0}"""))).StatusCode.ShouldBe(System.Net.HttpStatusCode.NoContent);
        await DueOnAsync(id, new DateOnly(2020, 1, 1));
        await SweepAsync(app, DateTime.UtcNow);
        (await _d.NoticesAsync("care.overdue", $"/care/recipients/{id}")).ShouldBeEmpty();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCareSweepTests(SqliteApp app) : CareSweepTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCareSweepTests(PostgresApp app) : CareSweepTests(app);
