using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.WeChat;

// The person's own WeChat bindings, and removing one (解除绑定). Only the owner's own rows are
// visible or removable: anyone else's binding id answers as not found.
public sealed class WeChatUnbind(GongzhiDb db)
{
    public Task<List<WeChatBinding>> MineAsync(string userId, CancellationToken ct) =>
        db.Set<WeChatBinding>().AsNoTracking().Where(b => b.UserId == userId).OrderBy(b => b.Id).ToListAsync(ct);

    public async Task UnbindAsync(string userId, long bindingId, CancellationToken ct)
    {
        var removed = await db.Set<WeChatBinding>().Where(b => b.Id == bindingId && b.UserId == userId).ExecuteDeleteAsync(ct);
        if (removed == 0) throw new NotFound();
    }
}
