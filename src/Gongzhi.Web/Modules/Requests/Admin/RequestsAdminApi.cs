using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;

namespace Gongzhi.Web.Modules.Requests.Admin;

public static class RequestsAdminApi
{
    public static IServiceCollection AddRequestsAdmin(this IServiceCollection services) => services.AddScoped<RequestsSettings>();

    // Administrators only (capability ManageRequests); everyone else gets 403.
    public static void MapRequestsAdminApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/admin").WithTags("Requests settings").ProducesErrors(404, 409);

        g.MapGet("/case-categories", ListCategories).WithSummary("Every category, in use or not, with its deadlines and options");
        g.MapPost("/case-categories", CreateCategory).WithSummary("Create a category (code: letters, digits, - and _; a taken code is 409)");
        g.MapPatch("/case-categories/{id:long}", ChangeCategory)
            .WithSummary("Change deadlines (working minutes to first contact 10–2400, working days to resolve 1–90), anonymity, dispute flag, "
                + "first route (0 grid, 1 property company, 2 department with departmentId) or active; fields left out keep their value");
        g.MapGet("/departments", ListDepartments).WithSummary("Departments a category can route to first");

        g.MapGet("/calendar", GetCalendar)
            .WithSummary("A year's exceptions to the Monday–Friday week: holidays (kind 1) and 调休 working days (kind 2)");
        g.MapPost("/calendar", AddCalendarDay).WithSummary("Add a holiday or a 调休 working day (a day already in the calendar is 409)");
        g.MapDelete("/calendar/{date}", RemoveCalendarDay).WithSummary("Remove a day (yyyy-MM-dd) from the calendar");
        g.MapPost("/calendar/official/{year:int}", LoadOfficialCalendar)
            .WithSummary("Add the days of the shipped official schedule (2026) that the calendar lacks; days already set stay as they are");
        g.MapGet("/office-hours", GetOfficeHours).WithSummary("The office hours in force, from the configuration key Requests:OfficeHours (read-only here)");
    }

    // Categories and departments

    static async Task<Ok<List<CategorySettings>>> ListCategories(RequestsSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.CategoriesAsync(ct));

    static async Task<Created<CategorySettings>> CreateCategory(NewCategoryInput input, RequestsSettings settings, CancellationToken ct)
    {
        var created = await settings.CreateCategoryAsync(input, ct);
        return TypedResults.Created($"/api/v1/admin/case-categories/{created.Id}", created);
    }

    static async Task<Ok<CategorySettings>> ChangeCategory(long id, CategoryChange change, RequestsSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.ChangeCategoryAsync(id, change, ct));

    static async Task<Ok<List<DepartmentChoice>>> ListDepartments(RequestsSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.DepartmentsAsync(ct));

    // Working calendar and office hours

    static async Task<Ok<CalendarYear>> GetCalendar(int? year, RequestsSettings settings, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await settings.CalendarAsync(year ?? clock.GetUtcNow().ToOffset(Deadlines.WorkingTime.ChinaOffset).Year, ct));

    static async Task<Created<CalendarDayRow>> AddCalendarDay(NewCalendarDay input, RequestsSettings settings, CancellationToken ct)
    {
        var day = await settings.AddDayAsync(input, ct);
        return TypedResults.Created($"/api/v1/admin/calendar/{day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", day);
    }

    // The date comes in as text so that a bad one is a 400 naming the field, in the caller's language.
    static async Task<NoContent> RemoveCalendarDay(string date, RequestsSettings settings, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            throw new ValidationFailure("Date", "Requests.Admin.Error.Date");
        Dates.Check(day, "Date");
        await settings.RemoveDayAsync(day, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<DaysAddedResponse>> LoadOfficialCalendar(int year, RequestsSettings settings, CancellationToken ct) =>
        TypedResults.Ok(new DaysAddedResponse(await settings.LoadOfficialAsync(year, ct)));

    static async Task<Ok<OfficeHoursView>> GetOfficeHours(RequestsSettings settings, CancellationToken ct) => TypedResults.Ok(await settings.OfficeHoursAsync(ct));
}

// {"added": 12}: how many days of the official schedule were new to the calendar.
public sealed record DaysAddedResponse(int Added);
