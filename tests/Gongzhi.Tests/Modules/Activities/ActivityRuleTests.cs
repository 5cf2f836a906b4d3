using Gongzhi.Web.Platform;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Activities.Events;
using Gongzhi.Web.Modules.Activities.Venues;

namespace Gongzhi.Tests.Modules.Activities;

// The rules on the entities, without a database.
public sealed class ActivityRuleTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 2, 0, 0, DateTimeKind.Utc);

    private static Event NewEvent(int capacity = 5, int? minAge = null, bool families = false, DateTime? opens = null) =>
        new(1, new EventDraft("健身气功", EventKind.Fitness, null, null, "健身广场", OrganiserKind.Team, "健身气功队",
            new DateTime(2026, 11, 25, 6, 30, 0, DateTimeKind.Utc), new DateTime(2026, 11, 25, 8, 30, 0, DateTimeKind.Utc), 4, capacity,
            minAge, null, null, families, opens, null), "u", Now);

    [Fact]
    public void A_weekly_event_keeps_its_local_time_every_week()
    {
        var sessions = NewEvent().Sessions().ToList();
        sessions.Count.ShouldBe(4);
        sessions.Select(s => BeijingTime.ToLocal(s.Start)).ShouldBe(
            [new DateTime(2026, 11, 25, 14, 30, 0), new DateTime(2026, 12, 2, 14, 30, 0), new DateTime(2026, 12, 9, 14, 30, 0), new DateTime(2026, 12, 16, 14, 30, 0)]);
        sessions.ShouldAllBe(s => BeijingTime.ToLocal(s.Start).DayOfWeek == DayOfWeek.Wednesday);
    }

    [Fact]
    public void Age_is_counted_on_the_day_and_a_birthday_that_day_counts()
    {
        var day = new DateOnly(2026, 11, 25);
        Audience.AgeOn(new DateOnly(1966, 11, 25), day).ShouldBe(60);
        Audience.AgeOn(new DateOnly(1966, 11, 26), day).ShouldBe(59);
        Audience.AgeOn(null, day).ShouldBeNull();
        var ev = NewEvent(minAge: 60);
        Should.Throw<ValidationFailure>(() => Audience.Check(ev, [new Person(1, "张三", new DateOnly(1966, 11, 26), 1, 1, 1)])).MessageKey.ShouldBe("Activities.Error.TooYoung");
        Should.Throw<ValidationFailure>(() => Audience.Check(ev, [new Person(1, "张三", null, 1, 1, 1)])).MessageKey.ShouldBe("Activities.Error.AgeUnknown");
        Should.NotThrow(() => Audience.Check(ev, [new Person(1, "张三", new DateOnly(1966, 11, 25), 1, 1, 1)]));
        Should.Throw<ValidationFailure>(() => Audience.Check(ev, [new Person(1, "张三", new DateOnly(1950, 1, 1), 1, 1, 2)])).MessageKey.ShouldBe("Activities.Error.OtherCommunity");
    }

    [Fact]
    public void The_registration_window_is_half_open()
    {
        var ev = NewEvent(opens: Now.AddHours(1));
        Should.Throw<ValidationFailure>(() => ev.CheckRegistrationOpen(Now)).MessageKey.ShouldBe("Activities.Error.NotYetOpen");
        Should.NotThrow(() => ev.CheckRegistrationOpen(Now.AddHours(1)));
        Should.Throw<ValidationFailure>(() => ev.CheckRegistrationOpen(ev.RegistrationClosesAt)).MessageKey.ShouldBe("Activities.Error.Closed");
    }

    [Fact]
    public void A_registration_is_taken_once_until_cancelled()
    {
        var r = new Registration(1, 2, 3, "李四", "u", "u", Now);
        r.Take(confirmed: false, 7, "u", "u", Now);
        r.Status.ShouldBe(RegistrationStatus.Waitlisted);
        Should.Throw<DuplicateFailure>(() => r.Take(true, 8, "u", "u", Now));
        r.Promote(Now);
        r.Status.ShouldBe(RegistrationStatus.Confirmed);
        r.Cancel(Now);
        Should.Throw<ValidationFailure>(() => r.Cancel(Now));
        r.Take(true, 9, "u", "u", Now);
        r.Seq.ShouldBe(9);
    }

    [Fact]
    public void Opening_hours_are_checked_in_Beijing_time_and_touching_intervals_do_not_overlap()
    {
        var venue = new Venue(1, "议事室", VenueKind.MeetingRoom, 20, null, new TimeOnly(8, 30), new TimeOnly(21, 0), false);
        // 08:30–10:00 Beijing is 00:30–02:00 UTC.
        Should.NotThrow(() => venue.CheckOpen(new DateTime(2026, 12, 1, 0, 30, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc)));
        Should.Throw<ValidationFailure>(() => venue.CheckOpen(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc)));
        Should.Throw<ValidationFailure>(() => venue.CheckOpen(new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1, 13, 30, 0, DateTimeKind.Utc)));
        var two = new DateTime(2026, 12, 1, 6, 0, 0, DateTimeKind.Utc);
        BeijingTime.Overlaps(two, two.AddHours(2), two.AddHours(2), two.AddHours(4)).ShouldBeFalse();
        BeijingTime.Overlaps(two, two.AddHours(2), two.AddHours(1), two.AddHours(3)).ShouldBeTrue();
        BeijingTime.Overlaps(two, two.AddHours(4), two.AddHours(1), two.AddHours(2)).ShouldBeTrue();
    }

    [Fact]
    public void Times_without_an_offset_are_Beijing_time()
    {
        BeijingTime.ToUtc(new DateTime(2026, 11, 25, 14, 30, 0, DateTimeKind.Unspecified)).ShouldBe(new DateTime(2026, 11, 25, 6, 30, 0, DateTimeKind.Utc));
        BeijingTime.ToUtc(new DateTime(2026, 11, 25, 6, 30, 0, DateTimeKind.Utc)).ShouldBe(new DateTime(2026, 11, 25, 6, 30, 0, DateTimeKind.Utc));
    }
}
