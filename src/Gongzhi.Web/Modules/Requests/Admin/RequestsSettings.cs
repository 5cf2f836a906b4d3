using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Requests.Admin;

public sealed record CategorySettings(long Id, string Code, string Name, string Group, int ContactMinutes, int ResolveDays,
    bool AllowAnonymous, bool IsDispute, RouteFirst RouteFirst, long? DepartmentId, string? DepartmentName, bool Active, int SortOrder);

public sealed record NewCategoryInput(string? Code, string? Name, string? Group, int? ContactMinutes, int? ResolveDays,
    bool? AllowAnonymous = null, bool? IsDispute = null, RouteFirst? RouteFirst = null, long? DepartmentId = null);

// Any field left out (null) keeps its value.
public sealed record CategoryChange(int? ContactMinutes = null, int? ResolveDays = null, bool? AllowAnonymous = null, bool? IsDispute = null,
    RouteFirst? RouteFirst = null, long? DepartmentId = null, bool? Active = null);

public sealed record DepartmentChoice(long Id, string Name);

public sealed record CalendarDayRow(DateOnly Date, CalendarDayKind Kind, string Name);

public sealed record CalendarYear(int Year, IReadOnlyList<CalendarDayRow> Days, bool HasOfficialSchedule, int OfficialMissing);

public sealed record NewCalendarDay(DateOnly? Date, CalendarDayKind? Kind, string? Name);

public sealed record OfficeHoursView(string Value, IReadOnlyList<string> Spans, int MinutesPerDay, string ConfigKey);

// What administrators change about requests: the categories (deadlines, anonymity, first route, in use or not)
// and the working calendar. Every calendar change drops WorkCalendar's cache at once, so the next deadline this
// instance computes already uses it (other instances within the cache's five minutes).
public sealed class RequestsSettings(GongzhiDb db, CurrentUser user, WorkCalendar calendar)
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;
    private const int StandInMinutes = 120;
    private const int StandInDays = 5;

    // The official schedules the app ships, by year.
    private static readonly Dictionary<int, Func<IEnumerable<CalendarDay>>> Official = new() { [2026] = OfficialHolidays.For2026 };

    public async Task<List<CategorySettings>> CategoriesAsync(CancellationToken ct = default)
    {
        user.Require(Capability.ManageRequests);
        return await db.CaseCategories.AsNoTracking()
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new CategorySettings(c.Id, c.Code, c.Name, c.Group, c.ContactMinutes, c.ResolveDays, c.AllowAnonymous, c.IsDispute, c.RouteFirst,
                c.DepartmentId, db.Departments.Where(d => d.Id == c.DepartmentId).Select(d => d.Name).FirstOrDefault(), c.Active, c.SortOrder))
            .ToListAsync(ct);
    }

    public async Task<List<DepartmentChoice>> DepartmentsAsync(CancellationToken ct = default)
    {
        user.Require(Capability.ManageRequests);
        return await db.Departments.AsNoTracking().OrderBy(d => d.Id).Select(d => new DepartmentChoice(d.Id, d.Name)).ToListAsync(ct);
    }

    public async Task<CategorySettings> CreateCategoryAsync(NewCategoryInput input, CancellationToken ct = default)
    {
        user.Require(Capability.ManageRequests);
        var sortOrder = (await db.CaseCategories.MaxAsync(c => (int?)c.SortOrder, ct) ?? 0) + 1;
        var errors = new List<FieldError>();
        CaseCategory? category = null;
        // Built with stand-in deadlines, then given the real ones one by one, so a wrong code or name and wrong
        // deadlines are all reported at once (a throwaway category takes the deadlines when the code was wrong).
        Collect(errors, () => category = new CaseCategory(input.Code ?? "", input.Name ?? "", input.Group ?? "", StandInMinutes, StandInDays, sortOrder));
        SetDeadlines(category ?? new CaseCategory("stand-in", "stand-in", "stand-in", StandInMinutes, StandInDays), input.ContactMinutes, input.ResolveDays, errors, required: true);
        if (errors.Count > 0) throw new ValidationFailure(errors);
        if (await db.CaseCategories.AnyAsync(c => c.Code == category!.Code, ct))
            throw new DuplicateFailure("Code", "Requests.Admin.Error.CodeTaken", category!.Code);
        await ApplyOptionsAsync(category!, input.AllowAnonymous, input.IsDispute, input.RouteFirst, input.DepartmentId, ct);
        db.CaseCategories.Add(category!);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two administrators creating the same code at once: the unique index decides.
            throw new DuplicateFailure("Code", "Requests.Admin.Error.CodeTaken", category!.Code);
        }
        return (await CategoriesAsync(ct)).Single(c => c.Id == category!.Id);
    }

    public async Task<CategorySettings> ChangeCategoryAsync(long id, CategoryChange change, CancellationToken ct = default)
    {
        user.Require(Capability.ManageRequests);
        // The category is named in the request, so an unknown one is a wrong field like the others.
        var category = await db.CaseCategories.FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new ValidationFailure("CategoryId", "Requests.Admin.Error.UnknownCategory", id);
        var errors = new List<FieldError>();
        SetDeadlines(category, change.ContactMinutes, change.ResolveDays, errors, required: false);
        if (errors.Count > 0) throw new ValidationFailure(errors);
        await ApplyOptionsAsync(category, change.AllowAnonymous, change.IsDispute, change.RouteFirst, change.DepartmentId, ct);
        if (change.Active is { } active) category.SetActive(active);
        await db.SaveChangesAsync(ct);
        return (await CategoriesAsync(ct)).Single(c => c.Id == id);
    }

    // The entity holds the limits; each deadline is tried on its own so both can be reported wrong together.
    private static void SetDeadlines(CaseCategory category, int? contactMinutes, int? resolveDays, List<FieldError> errors, bool required)
    {
        if (contactMinutes is null && required) errors.Add(new FieldError("ContactMinutes", "Validation.Required"));
        if (resolveDays is null && required) errors.Add(new FieldError("ResolveDays", "Validation.Required"));
        if (contactMinutes is { } minutes) Collect(errors, () => category.SetDeadlines(minutes, category.ResolveDays));
        if (resolveDays is { } days) Collect(errors, () => category.SetDeadlines(category.ContactMinutes, days));
    }

    private async Task ApplyOptionsAsync(CaseCategory category, bool? allowAnonymous, bool? isDispute, RouteFirst? route, long? departmentId, CancellationToken ct)
    {
        if (allowAnonymous is not null || isDispute is not null)
            category.Options(allowAnonymous ?? category.AllowAnonymous, isDispute ?? category.IsDispute);
        if (route is null && departmentId is null) return;
        var first = route ?? category.RouteFirst;
        if (!Enum.IsDefined(first)) throw new ValidationFailure("RouteFirst", "Requests.Admin.Error.Route");
        var department = departmentId ?? category.DepartmentId;
        if (first == RouteFirst.Department && department is { } d && !await db.Departments.AnyAsync(x => x.Id == d, ct))
            throw new ValidationFailure("DepartmentId", "Requests.Admin.Error.UnknownDepartment");
        category.Route(first, department);
    }

    private static void Collect(List<FieldError> errors, Action action)
    {
        try
        {
            action();
        }
        catch (ValidationFailure v)
        {
            errors.AddRange(v.Errors);
        }
    }

    public async Task<CalendarYear> CalendarAsync(int year, CancellationToken ct = default)
    {
        user.Require(Capability.ManageRequests);
        CheckYear(year);
        var first = new DateOnly(year, 1, 1);
        var next = first.AddYears(1);
        var days = await db.CalendarDays.AsNoTracking().Where(d => d.Date >= first && d.Date < next).OrderBy(d => d.Date)
            .Select(d => new CalendarDayRow(d.Date, d.Kind, d.Name)).ToListAsync(ct);
        var have = days.Select(d => d.Date).ToHashSet();
        var missing = Official.TryGetValue(year, out var schedule) ? schedule().Count(d => !have.Contains(d.Date)) : 0;
        return new CalendarYear(year, days, schedule is not null, missing);
    }

    public async Task<CalendarDayRow> AddDayAsync(NewCalendarDay input, CancellationToken ct = default)
    {
        user.Require(Capability.ManageRequests);
        var errors = new List<FieldError>();
        if (input.Date is null) errors.Add(new FieldError("Date", "Validation.Required"));
        else if (input.Date.Value.Year is < MinYear or > MaxYear) errors.Add(new FieldError("Date", "Validation.Range", MinYear, MaxYear));
        if (input.Kind is not { } kind || !Enum.IsDefined(kind)) errors.Add(new FieldError("Kind", "Requests.Admin.Error.Kind"));
        // 调休 moves work onto a weekend; a "working day" on a weekday would change nothing and is surely a slip.
        else if (kind == CalendarDayKind.Workday && input.Date is { } d && d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            errors.Add(new FieldError("Kind", "Requests.Admin.Error.WorkdayOnWeekday"));
        CalendarDay? day = null;
        if (errors.Count == 0) Collect(errors, () => day = new CalendarDay(input.Date!.Value, input.Kind!.Value, input.Name));
        else Collect(errors, () => Guard.Text(input.Name, 20, "Name"));
        if (errors.Count > 0) throw new ValidationFailure(errors);
        if (await db.CalendarDays.AnyAsync(x => x.Date == day!.Date, ct)) throw DayTaken(day!.Date);
        db.CalendarDays.Add(day!);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two administrators adding the same day at once: the primary key decides.
            throw DayTaken(day!.Date);
        }
        calendar.Invalidate();
        return new CalendarDayRow(day!.Date, day.Kind, day.Name);
    }

    private static DuplicateFailure DayTaken(DateOnly date) =>
        new("Date", "Requests.Admin.Error.DayExists", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    public async Task RemoveDayAsync(DateOnly date, CancellationToken ct = default)
    {
        user.Require(Capability.ManageRequests);
        var removed = await db.CalendarDays.Where(d => d.Date == date).ExecuteDeleteAsync(ct);
        if (removed == 0) throw new NotFound();
        calendar.Invalidate();
    }

    // Adds the days of the shipped official schedule that the calendar does not hold; a day an administrator
    // already set (even differently) is left as it is.
    public async Task<int> LoadOfficialAsync(int year, CancellationToken ct = default)
    {
        user.Require(Capability.ManageRequests);
        CheckYear(year);
        if (!Official.TryGetValue(year, out var schedule)) throw new ValidationFailure("Year", "Requests.Admin.Error.NoOfficial", year);
        var days = schedule().ToList();
        var dates = days.Select(d => d.Date).ToList();
        var have = (await db.CalendarDays.Where(d => dates.Contains(d.Date)).Select(d => d.Date).ToListAsync(ct)).ToHashSet();
        var missing = days.Where(d => !have.Contains(d.Date)).ToList();
        if (missing.Count == 0) return 0;
        db.CalendarDays.AddRange(missing);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConcurrencyConflict();
        }
        calendar.Invalidate();
        return missing.Count;
    }

    public async Task<OfficeHoursView> OfficeHoursAsync(CancellationToken ct = default)
    {
        user.Require(Capability.ManageRequests);
        var hours = (await calendar.GetAsync(ct)).Hours;
        return new OfficeHoursView(hours.ToString(), hours.Spans.Select(s => $"{s.From:HH\\:mm}-{s.To:HH\\:mm}").ToList(), hours.MinutesPerDay, "Requests:OfficeHours");
    }

    private static void CheckYear(int year)
    {
        if (year is < MinYear or > MaxYear) throw new ValidationFailure("Year", "Validation.Range", MinYear, MaxYear);
    }
}
