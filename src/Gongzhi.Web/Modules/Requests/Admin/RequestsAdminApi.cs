using Gongzhi.Web.Platform.Problems;
using System.Globalization;

namespace Gongzhi.Web.Modules.Requests.Admin;

public static class RequestsAdminApi
{
    public static IServiceCollection AddRequestsAdmin(this IServiceCollection services) => services.AddScoped<RequestsSettings>();

    // Administrators only (capability ManageRequests); everyone else gets 403.
    public static void MapRequestsAdminApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/admin").WithTags("Requests settings").ProducesErrors(404, 409);

        g.MapGet("/case-categories", async (RequestsSettings settings, CancellationToken ct) => TypedResults.Ok(await settings.CategoriesAsync(ct)))
            .WithSummary("Every category, in use or not, with its deadlines and options");
        g.MapPost("/case-categories", async (NewCategoryInput input, RequestsSettings settings, CancellationToken ct) =>
        {
            var created = await settings.CreateCategoryAsync(input, ct);
            return TypedResults.Created($"/api/v1/admin/case-categories/{created.Id}", created);
        }).WithSummary("Create a category (code: letters, digits, - and _; a taken code is 409)");
        g.MapPatch("/case-categories/{id:long}", async (long id, CategoryChange change, RequestsSettings settings, CancellationToken ct) =>
            TypedResults.Ok(await settings.ChangeCategoryAsync(id, change, ct)))
            .WithSummary("Change deadlines (working minutes to first contact 10–2400, working days to resolve 1–90), anonymity, dispute flag, "
                + "first route (0 grid, 1 property company, 2 department with departmentId) or active; fields left out keep their value");
        g.MapGet("/departments", async (RequestsSettings settings, CancellationToken ct) => TypedResults.Ok(await settings.DepartmentsAsync(ct)))
            .WithSummary("Departments a category can route to first");

        g.MapGet("/calendar", async (int? year, RequestsSettings settings, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok(await settings.CalendarAsync(year ?? clock.GetUtcNow().ToOffset(Deadlines.WorkingTime.ChinaOffset).Year, ct)))
            .WithSummary("A year's exceptions to the Monday–Friday week: holidays (kind 1) and 调休 working days (kind 2)");
        g.MapPost("/calendar", async (NewCalendarDay input, RequestsSettings settings, CancellationToken ct) =>
        {
            var day = await settings.AddDayAsync(input, ct);
            return TypedResults.Created($"/api/v1/admin/calendar/{day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", day);
        }).WithSummary("Add a holiday or a 调休 working day (a day already in the calendar is 409)");
        g.MapDelete("/calendar/{date}", async (string date, RequestsSettings settings, CancellationToken ct) =>
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw new ValidationFailure("Date", "Requests.Admin.Error.Date");
            Dates.Check(day, "Date");
            await settings.RemoveDayAsync(day, ct);
            return TypedResults.NoContent();
        }).WithSummary("Remove a day (yyyy-MM-dd) from the calendar");
        g.MapPost("/calendar/official/{year:int}", async (int year, RequestsSettings settings, CancellationToken ct) =>
            TypedResults.Ok(new { added = await settings.LoadOfficialAsync(year, ct) }))
            .WithSummary("Add the days of the shipped official schedule (2026) that the calendar lacks; days already set stay as they are");
        g.MapGet("/office-hours", async (RequestsSettings settings, CancellationToken ct) => TypedResults.Ok(await settings.OfficeHoursAsync(ct)))
            .WithSummary("The office hours in force, from the configuration key Requests:OfficeHours (read-only here)");
    }
}
