using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform;

namespace Gongzhi.Tests.Modules.Care;

// The plan's arithmetic and the status moves, on the entity alone (no database needed for a rule).
public sealed class CarePlanTests
{
    private static readonly DateTime Created = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static CareRecipient New(params CareTagKind[] reasons) => new(1, 1, reasons, CareRisk.Medium, new DateOnly(2026, 1, 1), Created);

    // 10:00 Beijing time on a day.
    private static DateTime At(int year, int month, int day) => new(year, month, day, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_reason_sets_the_default_rhythm_most_frequent_first()
    {
        New(CareTagKind.Hardship).PlanUnit.ShouldBe(PlanUnit.Months);
        New(CareTagKind.EmptyNest).PlanEvery.ShouldBe(14);
        var both = New(CareTagKind.Hardship, CareTagKind.ElderlyAlone);
        (both.PlanUnit, both.PlanEvery).ShouldBe((PlanUnit.Days, 7));
    }

    [Fact]
    public void A_monthly_plan_counts_calendar_months_and_ends_of_months()
    {
        var r = New(CareTagKind.Hardship);
        r.RecordVisit(VisitKind.Home, At(2026, 1, 31));
        r.NextDueOn.ShouldBe(new DateOnly(2026, 2, 28));
        r.IsOverdue(new DateOnly(2026, 2, 28)).ShouldBeFalse();
        r.IsOverdue(new DateOnly(2026, 3, 1)).ShouldBeTrue();
        r.RecordVisit(VisitKind.Phone, At(2026, 3, 2));
        r.NextDueOn.ShouldBe(new DateOnly(2026, 4, 2));
    }

    [Fact]
    public void A_weekly_plan_crosses_a_month_and_a_year_and_counts_from_the_Beijing_day()
    {
        var r = New(CareTagKind.ElderlyAlone);
        // 23:30 on 28 Dec in UTC is already 29 Dec in Beijing.
        r.RecordVisit(VisitKind.Home, new DateTime(2026, 12, 28, 23, 30, 0, DateTimeKind.Utc));
        r.NextDueOn.ShouldBe(new DateOnly(2027, 1, 5));
    }

    [Fact]
    public void Not_seen_at_the_door_leaves_the_visit_owed_and_twice_in_a_row_raises_the_flag()
    {
        var r = New(CareTagKind.ElderlyAlone);
        r.RecordVisit(VisitKind.Home, At(2026, 3, 1));
        var due = r.NextDueOn;
        r.RecordVisit(VisitKind.NotSeen, At(2026, 3, 8)).ShouldBeFalse();
        r.NextDueOn.ShouldBe(due);
        r.RecordVisit(VisitKind.NotSeen, At(2026, 3, 9)).ShouldBeTrue();
        r.RecordVisit(VisitKind.Home, At(2026, 3, 10)).ShouldBeFalse();
        r.NotSeenInRow.ShouldBe(0);
        r.RecordVisit(VisitKind.NotSeen, At(2026, 3, 17)).ShouldBeFalse();
    }

    [Fact]
    public void Paused_is_never_overdue_resumed_is_due_tomorrow_ended_takes_no_visit()
    {
        var r = New(CareTagKind.ElderlyAlone);
        r.RecordVisit(VisitKind.Home, At(2026, 3, 1));
        r.Pause(new DateOnly(2026, 3, 5), r.Version);
        r.IsOverdue(new DateOnly(2026, 4, 1)).ShouldBeFalse();
        r.Resume(new DateOnly(2026, 4, 1), r.Version);
        r.NextDueOn.ShouldBe(new DateOnly(2026, 4, 2));
        r.End(CareEndReason.Deceased, new DateOnly(2026, 4, 3), r.Version);
        r.IsOverdue(new DateOnly(2026, 5, 1)).ShouldBeFalse();
        Should.Throw<DomainException>(() => r.RecordVisit(VisitKind.Home, At(2026, 4, 4))).MessageKey.ShouldBe("Care.Error.Ended");
        Should.Throw<DomainException>(() => r.Resume(new DateOnly(2026, 4, 4), r.Version)).MessageKey.ShouldBe("Care.Error.Move");
        Should.Throw<ConcurrencyConflict>(() => r.Pause(new DateOnly(2026, 4, 4), r.Version - 1));
    }

    [Fact]
    public void The_moves_tables_are_the_documented_ones()
    {
        string Write<T>(IReadOnlyDictionary<T, T[]> moves) where T : notnull =>
            string.Join("; ", moves.Select(m => $"{m.Key} -> {string.Join(",", m.Value)}"));
        Write(CareRecipient.Moves).ShouldBe("Active -> Paused,Ended; Paused -> Active,Ended; Ended -> ");
        Write(Wish.Moves).ShouldBe("Open -> Claimed,Withdrawn; Claimed -> Fulfilled,Open; Fulfilled -> Confirmed; Confirmed -> ; Withdrawn -> ");
    }
}
