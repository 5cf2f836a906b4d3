using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Platform.Notifications;

public sealed record InboxItem(long Id, string Kind, string Text, string? Link, DateTime CreatedAt, bool Read);

public sealed record InboxPage(int Unread, IReadOnlyList<InboxItem> Items);

// The signed-in user's own inbox: nobody reads another person's messages.
public sealed class Inbox(GongzhiDb db, IDbContextFactory<GongzhiDb> dbs, CurrentUser user, IStringLocalizer text, TimeProvider clock)
{
    public async Task<InboxPage> ListAsync(int take = 50, CancellationToken ct = default)
    {
        var userId = user.RequiredId;
        var rows = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId)
            .OrderByDescending(n => n.Id).Take(Math.Clamp(take, 1, 200)).ToListAsync(ct);
        var unread = await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
        return new InboxPage(unread, rows.Select(n => new InboxItem(n.Id, n.Kind, n.Text(text), n.Link, n.CreatedAt, n.ReadAt is not null)).ToList());
    }

    // For the layout's badge. The layout renders while the page's own components load their data on
    // the request's DbContext, so this count runs on a context of its own.
    public async Task<int> UnreadAsync(CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) return 0;
        var userId = user.RequiredId;
        await using var own = await dbs.CreateDbContextAsync(ct);
        return await own.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
    }

    public async Task MarkReadAsync(long? id, CancellationToken ct = default)
    {
        var userId = user.RequiredId;
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null);
        if (id is not null) query = query.Where(n => n.Id == id);
        await query.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}
