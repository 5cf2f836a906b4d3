using Gongzhi.Web.Data;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Requests.Open311;

// The servicerequestupdates extension (as FixMyStreet and its Open311 adapters use it): the public
// lines of case timelines since a date, oldest first, so another system can keep in step by asking
// again from the last updated_datetime it saw. Only what staff made public leaves: status changes and
// their public replies. What the reporter wrote (comments, a rating's words, a reason to cancel) and
// what a partner answered stay inside, as do internal notes and who wrote a line.
public sealed class Open311Updates(GongzhiDb db, IStringLocalizer text, TimeProvider clock, Open311Media media)
{
    public const int MaxResults = 1000;

    private sealed record Line(long Id, long CaseId, CaseEventKind Kind, DateTime At, string? Text, CaseStatus? ToStatus, bool IsDispute, bool Anonymous);

    public async Task<O311Document> ListAsync(string? start, string? end, string baseUrl, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = Open311Requests.Date(start, "start_date") ?? now.AddDays(-Open311Requests.MaxDays);
        var until = Open311Requests.Date(end, "end_date");
        if (until < since) throw Open311Failure.BadRequest("end_date", "Requests.Open311.Error.DateOrder");

        var events = db.CaseEvents.AsNoTracking().Where(e => !e.Internal && e.Kind != CaseEventKind.Submitted && e.At >= since
            && (e.ToStatus != null || e.Kind == CaseEventKind.Comment));
        if (until is not null) events = events.Where(e => e.At <= until);
        var lines = await (from e in events
                           join c in db.Cases on e.CaseId equals c.Id
                           join k in db.CaseCategories on c.CategoryId equals k.Id
                           // Written by staff: not the reporter, nor the one who passed the case on for them.
                           let byStaff = e.ActorUserId != null && e.ActorUserId != c.ReporterUserId && (c.Channel != Channel.Relay || e.ActorUserId != c.EnteredByUserId)
                           where e.ToStatus != null || byStaff
                           orderby e.At, e.Id
                           select new Line(e.Id, e.CaseId, e.Kind, e.At, byStaff ? e.Text : null, e.ToStatus, k.IsDispute, c.Anonymous))
            .Take(MaxResults).ToListAsync(ct);

        // A comment carries no status of its own: it is the status the case had reached by then.
        var caseIds = lines.Select(l => l.CaseId).Distinct().ToList();
        var moves = await db.CaseEvents.AsNoTracking().Where(e => caseIds.Contains(e.CaseId) && e.ToStatus != null)
            .Select(e => new { e.CaseId, e.Id, e.ToStatus }).ToListAsync(ct);
        var movesByCase = moves.GroupBy(m => m.CaseId).ToDictionary(g => g.Key, g => g.OrderBy(m => m.Id).ToList());
        var photos = await db.CasePhotos.AsNoTracking().Where(p => caseIds.Contains(p.CaseId) && p.Stage == PhotoStage.Resolution)
            .GroupBy(p => p.CaseId).Select(g => new { CaseId = g.Key, Id = g.Min(p => p.Id) }).ToDictionaryAsync(p => p.CaseId, p => p.Id, ct);

        CaseStatus StatusAt(Line l) => l.ToStatus
            ?? movesByCase.GetValueOrDefault(l.CaseId)?.LastOrDefault(m => m.Id <= l.Id)?.ToStatus
            ?? CaseStatus.Submitted;

        return new O311Document("service_request_updates", new O311List("request_update", lines.Select(l => new O311Object(
            ("update_id", l.Id),
            ("service_request_id", O311Id.Of(l.CaseId)),
            ("status", Open311Requests.IsOpen(StatusAt(l)) ? "open" : "closed"),
            ("updated_datetime", l.At),
            ("description", Description(l)),
            ("media_url", l.Kind == CaseEventKind.Resolved && !l.IsDispute && !l.Anonymous && photos.TryGetValue(l.CaseId, out var photo) ? media.UrlFor(baseUrl, photo) : null)))));
    }

    private string Description(Line l)
    {
        var kind = text[$"Enum.CaseEventKind.{l.Kind}"].Value;
        // A dispute's words stay between its parties; only what happened is told.
        return l.IsDispute || string.IsNullOrWhiteSpace(l.Text) ? kind : text["Requests.Open311.UpdateLine", kind, l.Text].Value;
    }
}
