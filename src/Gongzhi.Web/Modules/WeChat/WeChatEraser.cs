using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Privacy;

namespace Gongzhi.Web.Modules.WeChat;

// A closed account's WeChat binding goes: the openid is personal, and it must not sign anyone in again.
internal sealed class WeChatEraser(GongzhiDb db) : IPersonalDataEraser
{
    public string Name => "WeChat";

    public Task<int> EraseAsync(ErasureSubject subject, DateTime now, CancellationToken ct) =>
        db.Set<WeChatBinding>().Where(b => b.UserId == subject.UserId).ExecuteDeleteAsync(ct);
}
