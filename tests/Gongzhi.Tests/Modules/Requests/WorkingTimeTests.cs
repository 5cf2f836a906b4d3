using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Platform;
using static Gongzhi.Tests.Modules.Requests.CaseDriver;

namespace Gongzhi.Tests.Modules.Requests;

// Working-time arithmetic on the 2026 official calendar with the default office hours
// 08:30-12:00 and 14:00-17:30 (China time). Every expected instant is worked out by hand.
public sealed class WorkingTimeTests
{
    private static readonly WorkingTime Time = new(OfficialHolidays.For2026().ToDictionary(d => d.Date, d => d.Kind), OfficeHours.Default);

    [Fact]
    public void The_default_day_has_seven_working_hours()
    {
        OfficeHours.Default.MinutesPerDay.ShouldBe(420);
        OfficeHours.Default.ToString().ShouldBe("08:30-12:00,14:00-17:30");
        Time.AddDays(Cst(2026, 11, 23, 8, 30), 1).ShouldBe(Cst(2026, 11, 23, 17, 30));
    }

    [Fact]
    public void A_friday_evening_case_starts_its_clock_on_monday_morning()
    {
        // 2026-11-20 is a Friday; the 21st and 22nd a plain weekend.
        Time.AddMinutes(Cst(2026, 11, 20, 18, 0), 60).ShouldBe(Cst(2026, 11, 23, 9, 30));
        Time.AddMinutes(Cst(2026, 11, 20, 17, 0), 60).ShouldBe(Cst(2026, 11, 23, 9, 0));
        Time.AddMinutes(Cst(2026, 11, 21, 10, 0), 30).ShouldBe(Cst(2026, 11, 23, 9, 0));
        Time.AddDays(Cst(2026, 11, 20, 16, 0), 1).ShouldBe(Cst(2026, 11, 23, 16, 0));
        Time.MinutesBetween(Cst(2026, 11, 20, 17, 0), Cst(2026, 11, 23, 9, 0)).ShouldBe(60);
        Time.MinutesBetween(Cst(2026, 11, 20, 17, 30), Cst(2026, 11, 23, 8, 30)).ShouldBe(0);
    }

    [Fact]
    public void The_national_day_week_does_not_count_and_its_two_make_up_days_do()
    {
        for (var day = 1; day <= 7; day++) Time.IsWorkingDay(new DateOnly(2026, 10, day)).ShouldBeFalse($"10/{day}");
        Time.IsWorkingDay(new DateOnly(2026, 9, 30)).ShouldBeTrue();
        Time.IsWorkingDay(new DateOnly(2026, 10, 8)).ShouldBeTrue();
        Time.IsWorkingDay(new DateOnly(2026, 9, 20)).ShouldBeTrue("调休 Sunday");
        Time.IsWorkingDay(new DateOnly(2026, 10, 10)).ShouldBeTrue("调休 Saturday");
        Time.IsWorkingDay(new DateOnly(2026, 10, 11)).ShouldBeFalse();
        Time.IsWorkingDay(new DateOnly(2026, 9, 19)).ShouldBeFalse();

        // Wednesday 9/30 15:00 + one working day: 150 minutes that afternoon, 210 on the morning of
        // Thursday 10/8, the last 60 after lunch.
        Time.AddDays(Cst(2026, 9, 30, 15, 0), 1).ShouldBe(Cst(2026, 10, 8, 15, 0));
        Time.AddMinutes(Cst(2026, 9, 30, 17, 0), 60).ShouldBe(Cst(2026, 10, 8, 9, 0));
        Time.MinutesBetween(Cst(2026, 9, 30, 17, 30), Cst(2026, 10, 8, 8, 30)).ShouldBe(0);
        Time.MinutesBetween(Cst(2026, 9, 30, 15, 0), Cst(2026, 10, 8, 15, 0)).ShouldBe(420);

        // Friday 9/18 17:00 + 60: half an hour that day, Saturday off, the rest on 调休 Sunday 9/20.
        Time.AddMinutes(Cst(2026, 9, 18, 17, 0), 60).ShouldBe(Cst(2026, 9, 20, 9, 0));
        // Friday 10/9 16:30 + two days: 60 + Saturday 10/10 (420) + 360 on Monday 10/12.
        Time.AddDays(Cst(2026, 10, 9, 16, 30), 2).ShouldBe(Cst(2026, 10, 12, 16, 30));
        Time.AddDays(Cst(2026, 10, 9, 15, 0), 1).ShouldBe(Cst(2026, 10, 10, 15, 0));
        Time.MinutesBetween(Cst(2026, 10, 9, 17, 30), Cst(2026, 10, 12, 8, 30)).ShouldBe(420);
    }

    [Fact]
    public void Spring_festival_skips_nine_days_and_works_two_saturdays()
    {
        for (var day = 15; day <= 23; day++) Time.IsWorkingDay(new DateOnly(2026, 2, day)).ShouldBeFalse($"2/{day}");
        Time.IsWorkingDay(new DateOnly(2026, 2, 14)).ShouldBeTrue();
        Time.IsWorkingDay(new DateOnly(2026, 2, 28)).ShouldBeTrue();
        Time.IsWorkingDay(new DateOnly(2026, 3, 1)).ShouldBeFalse();

        Time.AddMinutes(Cst(2026, 2, 13, 17, 0), 60).ShouldBe(Cst(2026, 2, 14, 9, 0));
        Time.AddMinutes(Cst(2026, 2, 14, 17, 0), 60).ShouldBe(Cst(2026, 2, 24, 9, 0));
        Time.AddDays(Cst(2026, 2, 13, 8, 30), 2).ShouldBe(Cst(2026, 2, 14, 17, 30));
        Time.AddDays(Cst(2026, 2, 13, 8, 30), 3).ShouldBe(Cst(2026, 2, 24, 17, 30));
        Time.MinutesBetween(Cst(2026, 2, 14, 8, 30), Cst(2026, 2, 24, 8, 30)).ShouldBe(420);
        Time.MinutesBetween(Cst(2026, 2, 27, 8, 30), Cst(2026, 3, 2, 8, 30)).ShouldBe(840);
    }

    [Fact]
    public void The_lunch_break_does_not_count()
    {
        Time.AddMinutes(Cst(2026, 11, 23, 11, 0), 120).ShouldBe(Cst(2026, 11, 23, 15, 0));
        Time.AddMinutes(Cst(2026, 11, 23, 12, 30), 30).ShouldBe(Cst(2026, 11, 23, 14, 30));
        Time.MinutesBetween(Cst(2026, 11, 23, 11, 0), Cst(2026, 11, 23, 15, 0)).ShouldBe(120);
        Time.MinutesBetween(Cst(2026, 11, 23, 12, 10), Cst(2026, 11, 23, 13, 50)).ShouldBe(0);
        Time.MinutesBetween(Cst(2026, 11, 23, 15, 0), Cst(2026, 11, 23, 11, 0)).ShouldBe(-120);
    }

    [Fact]
    public void A_deadline_that_ends_exactly_at_a_span_end_stays_there()
    {
        Time.AddMinutes(Cst(2026, 11, 23, 8, 30), 210).ShouldBe(Cst(2026, 11, 23, 12, 0));
        Time.AddMinutes(Cst(2026, 11, 23, 8, 30), 211).ShouldBe(Cst(2026, 11, 23, 14, 1));
        Time.AddMinutes(Cst(2026, 11, 23, 12, 0), 1).ShouldBe(Cst(2026, 11, 23, 14, 1));
        Time.AddMinutes(Cst(2026, 11, 23, 14, 0), 210).ShouldBe(Cst(2026, 11, 23, 17, 30));
        Time.AddMinutes(Cst(2026, 11, 23, 14, 0), 211).ShouldBe(Cst(2026, 11, 24, 8, 31));
        Time.AddDays(Cst(2026, 11, 27, 8, 30), 1).ShouldBe(Cst(2026, 11, 27, 17, 30));
    }

    [Fact]
    public void Adding_then_measuring_gives_back_the_minutes()
    {
        var start = Cst(2026, 9, 28, 0, 0);
        foreach (var offset in Enumerable.Range(0, 60).Select(i => i * 97))
        foreach (var minutes in new[] { 1, 59, 210, 420, 600, 1500, 4200 })
        {
            var from = start.AddMinutes(offset);
            var to = Time.AddMinutes(from, minutes);
            Time.MinutesBetween(from, to).ShouldBe(minutes, $"from {WorkingTime.ToChina(from):yyyy-MM-dd HH:mm} + {minutes}");
        }
    }

    [Fact]
    public void Negative_minutes_are_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Time.AddMinutes(Cst(2026, 11, 23, 9, 0), -1));
    }

    [Fact]
    public void Other_office_hours_are_honoured()
    {
        var hours = OfficeHours.Parse(" 09:00-17:00 ");
        hours.MinutesPerDay.ShouldBe(480);
        var time = new WorkingTime(new Dictionary<DateOnly, CalendarDayKind>(), hours);
        time.AddMinutes(Cst(2026, 11, 20, 16, 0), 120).ShouldBe(Cst(2026, 11, 23, 10, 0));
        OfficeHours.Parse("08:00-11:30, 13:30-17:00,18:00-19:00").Spans.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    [InlineData("08:30")]
    [InlineData("8:30-12:00")]
    [InlineData("08:30-12:00-14:00")]
    [InlineData("12:00-08:30")]
    [InlineData("08:30-08:30")]
    [InlineData("08:30-12:00,11:00-17:30")]
    [InlineData("14:00-17:30,08:30-12:00")]
    [InlineData("08:30-12:00,x")]
    [InlineData("24:00-25:00")]
    [InlineData("上午-下午")]
    public void Bad_office_hours_are_refused(string text)
    {
        var error = Should.Throw<ValidationFailure>(() => OfficeHours.Parse(text));
        error.MessageKey.ShouldBe("Requests.Error.OfficeHours");
        error.Errors.ShouldHaveSingleItem().Field.ShouldBe("OfficeHours");
    }
}
