namespace Gongzhi.Web.Modules.Requests.Deadlines;

public enum CalendarDayKind
{
    Holiday = 1, // 放假: no work even on a weekday
    Workday = 2, // 调休上班: work even on a weekend
}

// An exception to the plain Monday–Friday week. Administrators keep the list; the official
// schedule for the year ships as default data (OfficialHolidays).
public sealed class CalendarDay
{
    public DateOnly Date { get; private set; }
    public CalendarDayKind Kind { get; private set; }
    public string Name { get; private set; } = "";

    private CalendarDay() { } // for EF

    public CalendarDay(DateOnly date, CalendarDayKind kind, string? name)
    {
        if (!Enum.IsDefined(kind)) throw new ValidationFailure("Kind", "Validation.Required");
        Date = date;
        Kind = kind;
        Name = Guard.Text(name, 20, "Name");
    }
}

// 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
public static class OfficialHolidays
{
    public static IEnumerable<CalendarDay> For2026()
    {
        static IEnumerable<CalendarDay> Off(string name, int month, int from, int to) =>
            Enumerable.Range(from, to - from + 1).Select(d => new CalendarDay(new DateOnly(2026, month, d), CalendarDayKind.Holiday, name));
        static CalendarDay On(string name, int month, int day) => new(new DateOnly(2026, month, day), CalendarDayKind.Workday, name + "调休上班");

        return Off("元旦", 1, 1, 3).Append(On("元旦", 1, 4))
            .Concat(Off("春节", 2, 15, 23)).Append(On("春节", 2, 14)).Append(On("春节", 2, 28))
            .Concat(Off("清明节", 4, 4, 6))
            .Concat(Off("劳动节", 5, 1, 5)).Append(On("劳动节", 5, 9))
            .Concat(Off("端午节", 6, 19, 21))
            .Concat(Off("中秋节", 9, 25, 27))
            .Concat(Off("国庆节", 10, 1, 7)).Append(On("国庆节", 9, 20)).Append(On("国庆节", 10, 10));
    }
}
