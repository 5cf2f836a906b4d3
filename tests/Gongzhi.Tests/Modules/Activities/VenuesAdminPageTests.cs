using System.Net;
using Gongzhi.Web.Modules.Activities;

namespace Gongzhi.Tests.Modules.Activities;

// The staff page for venues and centre service slots (API-only before): it goes through VenueCommands
// and AppointmentCommands, shows only the caller's community, refuses other roles (403) and another
// community's service (404), and a bad form says why next to the field, keeps what was typed and writes nothing.
public abstract class VenuesAdminPageTests(GongzhiApp app)
{
    private const string Page = "/activities/venues/manage";

    [Fact]
    public async Task Staff_add_a_venue_in_their_community_and_bad_input_writes_nothing()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var mine = await db.Venues.AsNoTracking().Where(v => v.CommunityId == facts.Community1).Select(v => v.Id).FirstAsync();
        var theirs = await db.Venues.AsNoTracking().Where(v => v.CommunityId == facts.Community2).Select(v => v.Id).FirstOrDefaultAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var html = await staff.Client.GetStringAsync(Page);
        html.ShouldContain($"data-venue=\"{mine}\"");
        if (theirs != 0) html.ShouldNotContain($"data-venue=\"{theirs}\"");

        var name = "长者活动室" + (app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? "甲" : "乙");
        var count = await db.Venues.CountAsync();
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Kind"] = nameof(VenueKind.ActivityRoom), ["Input.Capacity"] = "", ["Input.OpensAt"] = "08:30", ["Input.ClosesAt"] = "20:00", ["Input.Equipment"] = "投影仪",
        };
        var noCapacity = await staff.PostFormAsync(Page, "venue-new", new(fields));
        noCapacity.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var bad = await noCapacity.Content.ReadAsStringAsync();
        bad.ShouldContain("data-field-error=\"Capacity\"");
        bad.ShouldContain($"value=\"{name}\"");
        bad.ShouldContain("value=\"投影仪\"");
        var backwards = await staff.PostFormAsync(Page, "venue-new", new(fields) { ["Input.Capacity"] = "40", ["Input.OpensAt"] = "21:00" });
        backwards.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await backwards.Content.ReadAsStringAsync()).ShouldContain("data-field-error=\"ClosesAt\"");
        (await db.Venues.CountAsync()).ShouldBe(count);

        (await staff.PostFormAsync(Page, "venue-new", new(fields) { ["Input.Capacity"] = "40", ["Input.ApprovalRequired"] = "true" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var venue = await db.Venues.AsNoTracking().SingleAsync(v => v.Name == name);
        venue.CommunityId.ShouldBe(facts.Community1);
        venue.Capacity.ShouldBe(40);
        venue.ApprovalRequired.ShouldBeTrue();
        (await (await PageSession.LogInAsync(app, "jianshe")).Client.GetStringAsync(Page)).ShouldNotContain(name);
    }

    [Fact]
    public async Task Staff_open_service_slots_and_bad_or_foreign_ones_write_nothing()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var service = await db.CentreServices.AsNoTracking().Where(s => s.CommunityId == facts.Community1).OrderBy(s => s.Id).FirstAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(200 + (app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? 0 : 1)).ToString("yyyy-MM-dd");
        var fields = new Dictionary<string, string> { ["Slots.ServiceId"] = $"{service.Id}", ["Slots.Date"] = day, ["Slots.Time"] = "09:00", ["Slots.Count"] = "0", ["Slots.StaffName"] = "王芳" };
        var slots = await db.AppointmentSlots.CountAsync();

        var zero = await staff.PostFormAsync(Page, "slots-new", new(fields));
        zero.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await zero.Content.ReadAsStringAsync();
        html.ShouldContain("data-field-error=\"Count\"");
        html.ShouldContain("value=\"王芳\"");
        var past = await staff.PostFormAsync(Page, "slots-new", new(fields) { ["Slots.Count"] = "3", ["Slots.Date"] = "2020-01-06" });
        past.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await past.Content.ReadAsStringAsync()).ShouldContain("data-field-error=\"StartsAt\"");
        (await db.AppointmentSlots.CountAsync()).ShouldBe(slots);

        // Staff of another community cannot open slots on this community's service, even by a made-up post.
        var other = await PageSession.LogInAsync(app, "jianshe");
        (await other.PostFormAsync(Page, "slots-new", new(fields) { ["Slots.Count"] = "3" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await db.AppointmentSlots.CountAsync()).ShouldBe(slots);

        (await staff.PostFormAsync(Page, "slots-new", new(fields) { ["Slots.Count"] = "3" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var added = await db.AppointmentSlots.AsNoTracking().Where(s => s.ServiceId == service.Id && s.StaffName == "王芳").OrderBy(s => s.StartsAt).ToListAsync();
        added.Count.ShouldBe(3);
        (added[1].StartsAt - added[0].StartsAt).TotalMinutes.ShouldBe(service.SlotMinutes);
        // The same hours again overlap the slots just opened: a clear refusal, nothing more written.
        (await staff.PostFormAsync(Page, "slots-new", new(fields) { ["Slots.Count"] = "2" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await db.AppointmentSlots.CountAsync()).ShouldBe(slots + 3);
    }

    [Fact]
    public async Task Other_roles_get_403()
    {
        var facts = await DemoFacts.ForAsync(app);
        foreach (var user in new[] { "wuye", facts.ResidentUserName })
            (await (await PageSession.LogInAsync(app, user)).Client.GetAsync(Page)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, user);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteVenuesAdminPageTests(SqliteApp app) : VenuesAdminPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresVenuesAdminPageTests(PostgresApp app) : VenuesAdminPageTests(app);
