using System.Globalization;
using System.Text;
using System.Xml;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Board;
using Gongzhi.Web.Modules.Registry.Search;

namespace Gongzhi.Web.Modules.Notices;

public sealed record PublicNotice(long Id, string Title, NoticeKind Kind, bool Pinned, DateTime PublishedAt, string Summary, bool Withdrawn);

public sealed record PublicEvent(long Id, string Title, DateTime StartsAt, string Place, int PlacesLeft);

public sealed record PublicDecision(long Id, string Title, TopicStatus Status, string? Decision, DateTime? NoticeUntil, int? Progress);

public sealed record PublicHours(string Name, TimeOnly Opens, TimeOnly Closes);

public sealed record CommunityHomeView(long Id, string Name, long SubdistrictId, string SubdistrictName, string? Address, string? Phone,
    IReadOnlyList<PublicNotice> Pinned, IReadOnlyList<PublicNotice> Recent, IReadOnlyList<PublicEvent> Events, IReadOnlyList<PublicDecision> Decisions,
    IReadOnlyList<PublicHours> Hours, IReadOnlyList<string> Services);

public sealed record CommunityChoice(long Id, string Name, string SubdistrictName, long SubdistrictId);

// The public face of a community (no login): what anyone may read. Only public notices (audience
// everyone), events open to the whole community, decisions on public notice, duty holders' contacts.
public sealed class PublicHome(GongzhiDb db, GridBoard board, TimeProvider clock)
{
    public const string CommunityCookie = "gz-community";

    public async Task<List<CommunityChoice>> CommunitiesAsync(long? subdistrictId = null, CancellationToken ct = default) =>
        await (from c in db.Communities join s in db.Subdistricts on c.SubdistrictId equals s.Id
               where subdistrictId == null || s.Id == subdistrictId
               orderby s.Name, c.Id select new CommunityChoice(c.Id, c.Name, s.Name, s.Id)).ToListAsync(ct);

    public IQueryable<Notice> PublicNotices(long communityId, long subdistrictId, DateTime now) =>
        db.Set<Notice>().AsNoTracking().Where(n => n.Audience == NoticeAudience.Everyone && n.Status == NoticeStatus.Published
            && (n.ValidUntil == null || n.ValidUntil > now)
            && (n.CommunityId == communityId || (n.CommunityId == null && n.SubdistrictId == subdistrictId)));

    public async Task<CommunityHomeView?> CommunityAsync(long id, CancellationToken ct = default)
    {
        var c = await (from x in db.Communities join s in db.Subdistricts on x.SubdistrictId equals s.Id where x.Id == id
                       select new { x.Id, x.Name, x.Address, x.Phone, x.SubdistrictId, Sub = s.Name }).FirstOrDefaultAsync(ct);
        if (c is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var notices = PublicNotices(id, c.SubdistrictId, now);
        var pinned = await notices.Where(n => n.Pinned).OrderByDescending(n => n.PublishedAt).Take(5).ToListAsync(ct);
        var recent = await notices.Where(n => !n.Pinned).OrderByDescending(n => n.PublishedAt).Take(10).ToListAsync(ct);

        var events = await db.Events.AsNoTracking()
            .Where(e => e.CommunityId == id && e.Status == EventStatus.Open && e.StartsAt >= now && e.EstateId == null)
            .OrderBy(e => e.StartsAt).Take(6)
            .Select(e => new
            {
                e.Id, e.Title, e.StartsAt, Place = e.VenueId != null ? db.Venues.Where(v => v.Id == e.VenueId).Select(v => v.Name).FirstOrDefault() : e.Address, e.Capacity,
                Taken = db.Registrations.Count(r => r.EventId == e.Id && r.Status == RegistrationStatus.Confirmed),
            }).ToListAsync(ct);
        var decisions = await db.Topics.AsNoTracking()
            .Where(t => t.CommunityId == id && (t.Status == TopicStatus.Notice || t.Status == TopicStatus.Implementation || t.Status == TopicStatus.Done))
            .OrderByDescending(t => t.UpdatedAt).Take(5)
            .Select(t => new
            {
                t.Id, t.Title, t.Status, t.Decision, t.NoticeUntil,
                Progress = db.Milestones.Where(m => m.TopicId == t.Id).Average(m => (double?)m.Progress),
            }).ToListAsync(ct);
        var hours = await db.Venues.AsNoTracking().Where(v => v.CommunityId == id && v.Kind == VenueKind.ServiceCentre)
            .Select(v => new PublicHours(v.Name, v.OpensAt, v.ClosesAt)).ToListAsync(ct);
        var services = await db.CentreServices.AsNoTracking().Where(s => s.CommunityId == id).OrderBy(s => s.Id).Select(s => s.Name).ToListAsync(ct);

        return new CommunityHomeView(c.Id, c.Name, c.SubdistrictId, c.Sub, c.Address, c.Phone,
            pinned.Select(Public).ToList(), recent.Select(Public).ToList(),
            events.Select(e => new PublicEvent(e.Id, e.Title, e.StartsAt, e.Place ?? "", Math.Max(0, e.Capacity - e.Taken))).ToList(),
            decisions.Select(d => new PublicDecision(d.Id, d.Title, d.Status, d.Decision, d.NoticeUntil, d.Progress is { } p ? (int)Math.Round(p) : null)).ToList(),
            hours, services);
    }

    // "3栋2单元501" (or "团结新村3-2-501") typed on the community page → that household's grid board.
    // Only duty holders are shown, never who lives there; an address that matches no household, or
    // several grids, says so.
    public async Task<(BoardView? Board, string? ErrorKey)> FindGridAsync(long communityId, string? address, CancellationToken ct = default)
    {
        var q = SearchHouseholds.Normalize(address);
        if (q.Length == 0) return (null, "Notices.Home.AddressRequired");
        var parsed = SearchHouseholds.ParseAddress(q);
        if (parsed is null) return (null, "Notices.Home.AddressFormat");
        var inCommunity = db.Households.AsNoTracking().Where(h => db.Estates.Any(e => e.Id == h.EstateId && e.CommunityId == communityId));
        var ids = SearchHouseholds.HouseholdIdsAt(db, inCommunity, parsed);
        var grids = await db.Households.Where(h => ids.Contains(h.Id)).Select(h => h.GridId).Distinct().Take(3).ToListAsync(ct);
        if (grids.Count == 0) return (null, "Notices.Home.AddressNotFound");
        if (grids.Count > 1) return (null, "Notices.Home.AddressAmbiguous");
        return (await board.RunAsync(grids[0], null, null, ct), null);
    }

    // Atom (RFC 4287) of a community's public notices, newest first.
    public async Task<string?> FeedAsync(long communityId, string baseUrl, CancellationToken ct = default)
    {
        var c = await db.Communities.AsNoTracking().FirstOrDefaultAsync(x => x.Id == communityId, ct);
        if (c is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var notices = await PublicNotices(communityId, c.SubdistrictId, now).OrderByDescending(n => n.PublishedAt).Take(50).ToListAsync(ct);
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8, OmitXmlDeclaration = true }))
        {
            const string ns = "http://www.w3.org/2005/Atom";
            w.WriteStartElement("feed", ns);
            w.WriteAttributeString("xml", "lang", null, "zh-Hans");
            w.WriteElementString("id", ns, $"{baseUrl}/c/{communityId}");
            w.WriteElementString("title", ns, c.Name + " · 公告");
            w.WriteElementString("updated", ns, Rfc3339(notices.FirstOrDefault()?.PublishedAt ?? now));
            Link(w, ns, $"{baseUrl}/c/{communityId}/notices.atom", "self");
            Link(w, ns, $"{baseUrl}/c/{communityId}", "alternate");
            foreach (var n in notices)
            {
                w.WriteStartElement("entry", ns);
                w.WriteElementString("id", ns, $"{baseUrl}/notices/{n.Id}");
                w.WriteElementString("title", ns, n.Title);
                w.WriteElementString("updated", ns, Rfc3339(n.PublishedAt!.Value));
                w.WriteElementString("published", ns, Rfc3339(n.PublishedAt!.Value));
                w.WriteStartElement("author", ns);
                w.WriteElementString("name", ns, c.Name);
                w.WriteEndElement();
                Link(w, ns, $"{baseUrl}/notices/{n.Id}", "alternate");
                w.WriteElementString("summary", ns, NoticeMarkdown.ToText(n.Body, 200));
                w.WriteStartElement("content", ns);
                w.WriteAttributeString("type", "html");
                w.WriteString(NoticeMarkdown.ToHtml(n.Body));
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + sb;
    }

    private static void Link(XmlWriter w, string ns, string href, string rel)
    {
        w.WriteStartElement("link", ns);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }

    private static string Rfc3339(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static PublicNotice Public(Notice n) =>
        new(n.Id, n.Title, n.Kind, n.Pinned, n.PublishedAt ?? n.CreatedAt, NoticeMarkdown.ToText(n.Body), n.Status == NoticeStatus.Withdrawn);
}
