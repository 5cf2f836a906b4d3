using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Search;

namespace Gongzhi.Web.Modules.Requests.Open311;

// The POST half of the servicerequestupdates extension: a system that raised a request (its api_key
// holds the request's token) sends a comment, or withdraws it with status=closed while nobody has
// taken it up yet. Another system's request is refused (403), as is reopening from outside: a
// reopened request is the resident's rating to give, or staff's decision.
public sealed class Open311UpdatePost(GongzhiDb db, Open311Throttle throttle, TimeProvider clock)
{
    public async Task<O311Document> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw Open311Failure.BadRequest("Content-Type", "Requests.Open311.Error.FormRequired");
        var form = await request.ReadFormAsync(ct);
        string? Field(string name) => form[name] is { Count: > 0 } v ? v.ToString().Trim() is { Length: > 0 } s ? s : null : null;

        var key = await Open311Keys.VerifyAsync(db, Field("api_key") ?? (request.Query["api_key"] is { Count: > 0 } q ? q.ToString() : null), ct);
        throttle.Take(key);
        var idText = Field("service_request_id") ?? throw Open311Failure.BadRequest("service_request_id", "Validation.Required");
        if (!long.TryParse(idText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            throw Open311Failure.NotFound("Requests.Open311.Error.RequestUnknown", idText);
        var description = Guard.OptionalText(Field("description"), 1000, "description");
        var status = Field("status")?.ToLowerInvariant();
        if (status is not (null or "open" or "closed")) throw Open311Failure.BadRequest("status", "Requests.Open311.Error.UpdateStatus");
        if (description is null && status is null) throw Open311Failure.BadRequest("description", "Requests.Open311.Error.UpdateEmpty");

        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw Open311Failure.NotFound("Requests.Open311.Error.RequestUnknown", id);
        var raisedBy = await db.Set<Open311Token>().AsNoTracking().Where(t => t.CaseId == id).Select(t => (long?)t.KeyId).FirstOrDefaultAsync(ct);
        if (raisedBy != key.Id) throw new Open311Failure(403, "service_request_id", "Requests.Open311.Error.UpdateNotYours", id);

        var now = clock.GetUtcNow().UtcDateTime;
        CaseEvent? line = null;
        if (status == "open" && !c.IsOpen) throw Open311Failure.BadRequest("status", "Requests.Open311.Error.UpdateReopen");
        if (description is not null)
        {
            c.Commented(now);
            line = new CaseEvent(c.Id, CaseEventKind.Comment, now, null, key.Name, description);
            db.CaseEvents.Add(line);
            await CaseSearchIndex.AddTextAsync(db, c.Id, description, ct: ct);
        }
        if (status == "closed" && c.IsOpen)
        {
            c.Withdraw(now);
            var cancelled = new CaseEvent(c.Id, CaseEventKind.Cancelled, now, null, key.Name, null, toStatus: CaseStatus.Cancelled);
            db.CaseEvents.Add(cancelled);
            line ??= cancelled;
        }
        if (line is null) throw Open311Failure.BadRequest("status", "Requests.Open311.Error.UpdateNothing");
        if (c.OwnerUserId is not null)
            db.Notifications.Add(new Platform.Notifications.Notification(c.OwnerUserId, "case.comment", "Requests.Notice.Comment",
                [c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], $"/cases/{c.Id}", now));
        await db.SaveOrConflictAsync("Requests.Error.Changed", ct);
        return new O311Document("service_request_updates", new O311List("request_update",
        [
            new O311Object(("update_id", O311Id.Of(line.Id)), ("service_request_id", O311Id.Of(c.Id)),
                ("status", c.IsOpen ? "open" : "closed"), ("updated_datetime", now)),
        ]));
    }
}
