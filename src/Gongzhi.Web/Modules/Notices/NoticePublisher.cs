using System.Globalization;
using System.Text.Json;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Volunteering;
using Gongzhi.Web.Platform.Notifications;
using Gongzhi.Web.Platform.Webhooks;

namespace Gongzhi.Web.Modules.Notices;

// Publishing: the audience is read from the registry as it stands now, its households written as
// recipients and every account of its people given an inbox message, in one SaveChanges with the
// notice's move to Published (its Version token makes one of two instances publishing at once win).
public sealed class NoticePublisher(GongzhiDb db, IWebhookEvents webhooks, TimeProvider clock)
{
    // The inbox kind of a 紧急通知: declared as an outbound kind, so it also goes out by SMS.
    public const string UrgentKind = "notice.urgent";

    public IQueryable<Household> HouseholdsIn(PlaceKind kind, long id) => kind switch
    {
        PlaceKind.Subdistrict => db.Households.Where(h => db.Estates.Any(e => e.Id == h.EstateId && db.Communities.Any(c => c.Id == e.CommunityId && c.SubdistrictId == id))),
        PlaceKind.Community => db.Households.Where(h => db.Estates.Any(e => e.Id == h.EstateId && e.CommunityId == id)),
        PlaceKind.Grid => db.Households.Where(h => h.GridId == id),
        PlaceKind.Estate => db.Households.Where(h => h.EstateId == id),
        PlaceKind.Building => db.Households.Where(h => h.BuildingId == id),
        PlaceKind.Entrance => db.Households.Where(h => h.EntranceId == id),
        _ => db.Households.Where(_ => false),
    };

    // The people of the notice's audience: active residents of its place who match.
    public IQueryable<Resident> Audience(Notice n, DateOnly today)
    {
        var households = HouseholdsIn(n.ScopeKind, n.ScopeId);
        var people = db.Residents.Where(r => r.Status == ResidentStatus.Active && households.Any(h => h.Id == r.HouseholdId));
        switch (n.Audience)
        {
            case NoticeAudience.Owners:
                return people.Where(r => db.Ownerships.Any(o => o.ResidentId == r.Id));
            case NoticeAudience.Volunteers:
                return people.Where(r => db.Set<Volunteer>().Any(v => v.ResidentId == r.Id));
            case NoticeAudience.Elderly60:
                var bornBy = today.AddYears(-60);
                return people.Where(r => r.BirthDate != null && r.BirthDate <= bornBy);
            case NoticeAudience.PartyMembers:
                var members = PartyAudience.ResidentIds(db);
                return people.Where(r => members.Contains(r.Id));
            case NoticeAudience.CareReason:
                var reason = n.CareReason;
                return people.Where(r => db.CareTags.Any(t => t.ResidentId == r.Id && t.Kind == reason));
            default:
                return people;
        }
    }

    // Set-based: the recipients and the inbox rows are each one INSERT … SELECT over the audience
    // query (written once, in LINQ, and turned into SQL by EF for either database), so publishing
    // to ten thousand households moves no rows through the app. The notice's move to Published is
    // saved first in the same transaction: its Version token lets one of two publishers win before
    // anything is inserted.
    public async Task<int> PublishAsync(Notice n, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var audience = Audience(n, today);
        var households = n.Audience == NoticeAudience.Everyone
            ? HouseholdsIn(n.ScopeKind, n.ScopeId)
            : HouseholdsIn(n.ScopeKind, n.ScopeId).Where(h => audience.Any(r => r.HouseholdId == h.Id));
        var id = n.Id;
        var link = "/notices/" + id.ToString(CultureInfo.InvariantCulture);
        var urgent = n.Kind == NoticeKind.Urgent;
        var kind = urgent ? UrgentKind : "notice";
        var args = JsonSerializer.Serialize(new[] { n.Title });
        // Only 紧急通知 goes out by SMS (SentAt left empty for the outbox); the rest are settled as inbox-only as they are written.

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            n.MarkPublished(now);
            await db.SaveChangesAsync(ct);
            var count = await InsertAsync("""INSERT INTO "NoticeRecipients" ("NoticeId", "HouseholdId", "BuildingId", "EntranceId")""",
                """@gz_notice, q."HouseholdId", q."BuildingId", q."EntranceId" """,
                households.Select(h => new { HouseholdId = h.Id, h.BuildingId, h.EntranceId }), new() { ["@gz_notice"] = id }, ct);
            await InsertAsync("""INSERT INTO "Notifications" ("UserId", "Kind", "MessageKey", "ArgsJson", "Link", "CreatedAt", "SentAt")""",
                $"""q."UserId", @gz_kind, @gz_key, @gz_args, @gz_link, @gz_now, {(urgent ? "NULL" : "@gz_now")} """,
                db.Users.Where(u => u.ResidentId != null && audience.Any(r => r.Id == u.ResidentId)).Select(u => new { UserId = u.Id }),
                new() { ["@gz_kind"] = kind, ["@gz_key"] = "Notices.Inbox.Published", ["@gz_args"] = args, ["@gz_link"] = link, ["@gz_now"] = now }, ct);
            n.Reached(count);
            await webhooks.RaiseAsync("notice.published", n.CommunityId, new
            {
                id, n.Title, kind = n.Kind.ToString(), scope = new { kind = n.ScopeKind.ToString(), id = n.ScopeId },
                audience = n.Audience.ToString(), households = count, url = link, publishedAt = now,
            }, now, ct);
            await db.SaveChangesAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
            return count;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    // INSERT INTO … SELECT <outer> FROM (<the SQL EF writes for the query>) q, with EF's parameters
    // and the constants given here. Constants stay out of the LINQ projection: EF would fill them in
    // on the client instead of selecting them.
    private async Task<int> InsertAsync<T>(string insertInto, string outer, IQueryable<T> select, Dictionary<string, object> values, CancellationToken ct)
    {
        await using var command = select.CreateDbCommand();
        var parameters = command.Parameters.Cast<System.Data.Common.DbParameter>().ToList();
        command.Parameters.Clear();
        foreach (var (name, value) in values)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            parameters.Add(p);
        }
        // Every piece is SQL written here or by EF; every value travels as a parameter.
        var sql = string.Concat(insertInto, " SELECT ", outer, " FROM (", command.CommandText, ") q");
        return await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
    }

    // Scheduled notices whose time has come, published by whichever instance gets there first.
    public async Task<int> PublishDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<Notice>().AsNoTracking().Where(n => n.Status == NoticeStatus.Scheduled && n.PublishAt <= now)
            .OrderBy(n => n.PublishAt).Select(n => n.Id).Take(20).ToListAsync(ct);
        var done = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var n = await db.Set<Notice>().FirstAsync(x => x.Id == id, ct);
            if (!n.IsDue(now)) continue;
            try
            {
                await PublishAsync(n, ct);
                done++;
            }
            catch (DbUpdateConcurrencyException) { }
            catch (DbUpdateException) { } // the other instance wrote the same recipients first
        }
        db.ChangeTracker.Clear();
        return done;
    }
}
