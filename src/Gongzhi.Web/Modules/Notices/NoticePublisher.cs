using System.Globalization;
using Gongzhi.Web.Data;
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
            case NoticeAudience.CareReason:
                var reason = n.CareReason;
                return people.Where(r => db.CareTags.Any(t => t.ResidentId == r.Id && t.Kind == reason));
            default:
                return people;
        }
    }

    public async Task<int> PublishAsync(Notice n, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var audience = Audience(n, today);
        var households = n.Audience == NoticeAudience.Everyone
            ? HouseholdsIn(n.ScopeKind, n.ScopeId)
            : HouseholdsIn(n.ScopeKind, n.ScopeId).Where(h => audience.Any(r => r.HouseholdId == h.Id));
        var rows = await households.Select(h => new { h.Id, h.BuildingId, h.EntranceId }).ToListAsync(ct);
        var accounts = await db.Users.Where(u => u.ResidentId != null && audience.Any(r => r.Id == u.ResidentId)).Select(u => u.Id).ToListAsync(ct);

        var id = n.Id;
        db.Set<NoticeRecipient>().AddRange(rows.Select(r => new NoticeRecipient(id, r.Id, r.BuildingId, r.EntranceId)));
        var link = "/notices/" + id.ToString(CultureInfo.InvariantCulture);
        foreach (var userId in accounts.Distinct())
        {
            var note = new Notification(userId, n.Kind == NoticeKind.Urgent ? UrgentKind : "notice", "Notices.Inbox.Published", [n.Title], link, now);
            // Only 紧急通知 goes out by SMS; the rest wait in the inbox.
            if (n.Kind != NoticeKind.Urgent) note.KeepInInbox();
            db.Notifications.Add(note);
        }
        n.MarkPublished(rows.Count, now);
        await webhooks.RaiseAsync("notice.published", n.CommunityId, new
        {
            id, n.Title, kind = n.Kind.ToString(), scope = new { kind = n.ScopeKind.ToString(), id = n.ScopeId },
            audience = n.Audience.ToString(), households = rows.Count, url = link, publishedAt = now,
        }, now, ct);
        await db.SaveChangesAsync(ct);
        return rows.Count;
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
