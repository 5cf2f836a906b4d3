using System.Globalization;
using Gongzhi.Web.Data;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Requests.Open311;

public sealed record Open311Query(string? ServiceRequestId, string? ServiceCode, string? StartDate, string? EndDate, string? Status);

// Reading requests through Open311 (no key needed, so nothing personal leaves): never the reporter's
// name, phone or account; the place at building level ("团结新村3栋", address_id b45), never the flat;
// the grid as the agency responsible, never a person. A dispute (矛盾纠纷) shows its state but not
// its text, which is between the parties.
public sealed class Open311Requests(ReadDb read, IStringLocalizer text, TimeProvider clock, Open311Media media)
{
    // Public reads may be a moment old: the replica when there is one (a POST reads the primary).
    private readonly GongzhiDb db = read.Context;

    public const int MaxResults = 1000;
    public const int MaxDays = 90;

    private static readonly CaseStatus[] OpenStatuses = [CaseStatus.Submitted, CaseStatus.Accepted, CaseStatus.Referred, CaseStatus.Reopened];

    public static bool IsOpen(CaseStatus status) => OpenStatuses.Contains(status);

    private sealed record Row(
        long Id, CaseStatus Status, string? Resolution, long? MergedIntoId, string ServiceName, string ServiceCode, int ContactMinutes, int ResolveDays,
        bool IsDispute, string Description, string Address, string CommunityName, string GridName, DateTime SubmittedAt, DateTime UpdatedAt, DateTime ResolveBy,
        long? BuildingId, string? EstateName, int? BuildingNumber, double? Latitude, double? Longitude, double? BuildingLatitude, double? BuildingLongitude,
        long? PhotoId, bool Anonymous, DateTime? ResolvedAt, DateTime? ClosedAt, string? AnswersJson);

    public async Task<O311Document> ListAsync(Open311Query query, string baseUrl, CancellationToken ct)
    {
        var cases = db.Cases.AsNoTracking();
        var ids = IdList(query.ServiceRequestId);
        if (ids is not null)
        {
            // The spec: a list of ids overrides every other argument.
            cases = cases.Where(c => ids.Contains(c.Id));
        }
        else
        {
            var (from, to) = Range(query.StartDate, query.EndDate);
            cases = cases.Where(c => c.SubmittedAt >= from && c.SubmittedAt <= to);
            var codes = List(query.ServiceCode);
            if (codes.Count > 0)
                cases = cases.Where(c => db.CaseCategories.Any(k => k.Id == c.CategoryId && codes.Contains(k.Code)));
            var statuses = List(query.Status);
            if (statuses.Any(s => s is not ("open" or "closed"))) throw Open311Failure.BadRequest("status", "Requests.Open311.Error.Status");
            // Constants, so IX_Cases_Open_SubmittedAt (open cases, newest first) can answer it (OpenCases).
            if (statuses.Contains("open") && !statuses.Contains("closed")) cases = cases.Where(OpenCases.Only);
            if (statuses.Contains("closed") && !statuses.Contains("open")) cases = cases.Where(c => !OpenStatuses.Contains(c.Status));
        }
        var rows = await Project(cases.OrderByDescending(c => c.SubmittedAt).ThenByDescending(c => c.Id).Take(MaxResults)).ToListAsync(ct);
        return new O311Document("service_requests", new O311List("request", rows.Select(r => Request(r, baseUrl))));
    }

    public async Task<O311Document> GetAsync(string? idText, string baseUrl, CancellationToken ct)
    {
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) throw Open311Failure.NotFound("Requests.Open311.Error.RequestUnknown", idText ?? "");
        var row = await Project(db.Cases.AsNoTracking().Where(c => c.Id == id)).FirstOrDefaultAsync(ct)
            ?? throw Open311Failure.NotFound("Requests.Open311.Error.RequestUnknown", id);
        return new O311Document("service_requests", new O311List("request", [Request(row, baseUrl)]));
    }

    public async Task<O311Document> TokenAsync(string? token, CancellationToken ct)
    {
        var value = token?.Trim() ?? "";
        var caseId = value.Length is > 0 and <= 32
            ? await db.Set<Open311Token>().AsNoTracking().Where(t => t.Token == value).Select(t => (long?)t.CaseId).FirstOrDefaultAsync(ct)
            : null;
        if (caseId is null) throw Open311Failure.NotFound("Requests.Open311.Error.TokenUnknown", value);
        return new O311Document("service_requests", new O311List("request", [new O311Object(("service_request_id", O311Id.Of(caseId.Value)), ("token", value))]));
    }

    private IQueryable<Row> Project(IQueryable<Case> cases) =>
        from c in cases
        join k in db.CaseCategories on c.CategoryId equals k.Id
        join g in db.Grids on c.GridId equals g.Id
        join m in db.Communities on c.CommunityId equals m.Id
        join b in db.Buildings on c.BuildingId equals (long?)b.Id into bs
        from b in bs.DefaultIfEmpty()
        join e in db.Estates on b.EstateId equals e.Id into es
        from e in es.DefaultIfEmpty()
        select new Row(c.Id, c.Status, c.Resolution, c.MergedIntoId, k.Name, k.Code, k.ContactMinutes, k.ResolveDays, k.IsDispute,
            c.Description, c.Address, m.Name, g.Name, c.SubmittedAt, c.UpdatedAt, c.ResolveBy,
            c.BuildingId, e.Name, (int?)b.Number, c.Latitude, c.Longitude, b.Latitude, b.Longitude,
            db.CasePhotos.Where(p => p.CaseId == c.Id && p.Stage == PhotoStage.Submission).OrderBy(p => p.Id).Select(p => (long?)p.Id).FirstOrDefault(),
            c.Anonymous, c.ResolvedAt, c.ClosedAt, c.AnswersJson);

    private O311Object Request(Row r, string baseUrl) => new(
        ("service_request_id", O311Id.Of(r.Id)),
        ("status", IsOpen(r.Status) ? "open" : "closed"),
        ("status_notes", r.IsDispute ? text[$"Enum.CaseStatus.{r.Status}"].Value : StatusNotes(r)),
        ("service_name", r.ServiceName),
        ("service_code", r.ServiceCode),
        ("description", r.IsDispute ? null : r.Description),
        ("agency_responsible", r.GridName.StartsWith(r.CommunityName, StringComparison.Ordinal) ? r.GridName : r.CommunityName + r.GridName),
        ("service_notice", Notice(r.ContactMinutes, r.ResolveDays)),
        ("requested_datetime", r.SubmittedAt),
        // A closed request was last updated when it closed: a rating given later does not move it.
        ("updated_datetime", IsOpen(r.Status) ? r.UpdatedAt : r.ResolvedAt ?? r.ClosedAt ?? r.UpdatedAt),
        ("expected_datetime", r.ResolveBy),
        ("address", r.EstateName is null ? r.Address : $"{r.EstateName}{r.BuildingNumber}栋"),
        ("address_id", r.BuildingId is { } b ? $"b{b.ToString(CultureInfo.InvariantCulture)}" : null),
        ("zipcode", null),
        ("lat", O311Id.Coordinate(r.Latitude ?? r.BuildingLatitude)),
        ("long", O311Id.Coordinate(r.Longitude ?? r.BuildingLongitude)),
        ("media_url", MediaUrl(r, baseUrl)));

    // Our photo through a public, unguessable link — only for a request everyone may see; else the
    // address the submitting system gave on POST, kept with the answers.
    private string? MediaUrl(Row r, string baseUrl)
    {
        if (r.IsDispute || r.Anonymous) return null;
        if (r.PhotoId is { } p) return media.UrlFor(baseUrl, p);
        return Open311Media.PostedUrl(r.AnswersJson);
    }

    private string StatusNotes(Row r) => r.Status switch
    {
        CaseStatus.Merged when r.MergedIntoId is { } target => text["Requests.Open311.Status.Merged", target].Value,
        _ when !string.IsNullOrWhiteSpace(r.Resolution) && r.Status is CaseStatus.Resolved or CaseStatus.Closed => r.Resolution!,
        _ => text[$"Enum.CaseStatus.{r.Status}"].Value,
    };

    // What the person can expect, from the category's deadlines (working time, Chinese calendar).
    public string Notice(int contactMinutes, int resolveDays) => contactMinutes % 60 == 0
        ? text["Requests.Open311.Notice.Hours", contactMinutes / 60, resolveDays].Value
        : text["Requests.Open311.Notice.Minutes", contactMinutes, resolveDays].Value;

    // The range of requested_datetime: at most 90 days; the last 90 days when none is given.
    public (DateTime From, DateTime To) Range(string? start, string? end)
    {
        var from = Date(start, "start_date");
        var to = Date(end, "end_date");
        var now = clock.GetUtcNow().UtcDateTime;
        (from, to) = (from, to) switch
        {
            (null, null) => (now.AddDays(-MaxDays), now),
            ({ } f, null) => (f, f.AddDays(MaxDays)),
            (null, { } t) => (t.AddDays(-MaxDays), t),
            _ => (from, to),
        };
        if (to < from) throw Open311Failure.BadRequest("end_date", "Requests.Open311.Error.DateOrder");
        if (to!.Value - from!.Value > TimeSpan.FromDays(MaxDays)) throw Open311Failure.BadRequest("end_date", "Requests.Open311.Error.DateSpan", MaxDays);
        return (from.Value, to.Value);
    }

    public static DateTime? Date(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return O311Dates.TryParse(value, out var utc) ? utc : throw Open311Failure.BadRequest(field, "Requests.Open311.Error.Date");
    }

    private static List<string> List(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    private static List<long>? IdList(string? value)
    {
        var items = List(value);
        if (items.Count == 0) return null;
        if (items.Count > MaxResults) throw Open311Failure.BadRequest("service_request_id", "Requests.Open311.Error.TooManyIds", MaxResults);
        return items.Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
            : throw Open311Failure.BadRequest("service_request_id", "Requests.Open311.Error.RequestId", s)).ToList();
    }
}
