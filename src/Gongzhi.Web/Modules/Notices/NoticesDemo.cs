using Gongzhi.Web.Data;
using Gongzhi.Web.Demo;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Notices;

// The demo community's notice board: a pinned 停水通知, a gas-safety round, a policy explainer and
// one for the elderly, all published through the real publisher (recipients and inbox rows).
public static class NoticesDemo
{
    public static async Task SeedAsync(IServiceProvider sp, DemoContext demo, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        var publisher = sp.GetRequiredService<NoticePublisher>();
        var communities = await db.Communities.OrderBy(c => c.Id).ToListAsync(ct);
        if (communities.Count == 0) return;
        foreach (var c in communities)
            db.AddRange(NoticeReviewRule.Defaults.Select(k => new NoticeReviewRule(c.Id, k)));
        var staff = await db.Users.Where(u => u.UserName == "tuanjie").Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        if (staff is null) return;
        var first = communities[0];
        var now = demo.Now;
        // The 停水通知 goes to the estate of the demo building leader, so that leader has doors to knock on.
        var leaderBuilding = await (from u in db.Users join p in db.DutyPosts on u.Id equals p.UserId
                                    where u.UserName == "loudong" && p.PlaceKind == PlaceKind.Building select (long?)p.PlaceId).FirstOrDefaultAsync(ct);
        var estateId = await db.Buildings.Where(b => b.Id == leaderBuilding).Select(b => (long?)b.EstateId).FirstOrDefaultAsync(ct);
        var estate = await db.Estates.Where(e => e.CommunityId == first.Id).OrderBy(e => e.Id != estateId).ThenBy(e => e.Id).FirstAsync(ct);

        Notice Make(PlaceKind kind, long id, NoticeKind noticeKind, NoticeAudience audience, string title, string body, bool pinned, int daysAgo, int? validDays = null) =>
            new(first.SubdistrictId, first.Id, kind, id, noticeKind, audience, audience == NoticeAudience.CareReason ? CareTagKind.ElderlyAlone : null, title, body, pinned,
                null, validDays is { } v ? now.AddDays(v) : null, staff.Id, staff.DisplayName, now.AddDays(-daysAgo));

        var notices = new[]
        {
            Make(PlaceKind.Estate, estate.Id, NoticeKind.Notice, NoticeAudience.Everyone, "停水通知",
                $"""
                各位居民：

                因市政供水管网改造，**{estate.Name}** 将于本周六 8:00 至 18:00 暂停供水，请提前做好储水准备。

                - 恢复供水初期水质可能浑浊，请放水片刻后再使用；
                - 独居老人家中如需送水，请联系楼栋长或拨打社区电话。

                给您带来不便，敬请谅解。
                """, true, 1, 7),
            Make(PlaceKind.Community, first.Id, NoticeKind.Announcement, NoticeAudience.Everyone, "燃气安全入户排查的公告",
                """
                为消除燃气安全隐患，社区联合燃气公司于下周一至周五开展入户安全排查。

                工作人员统一佩戴工作证，**不收取任何费用**，请居民配合。如有疑问请致电社区核实。
                """, false, 2, 30),
            Make(PlaceKind.Community, first.Id, NoticeKind.PolicyBriefing, NoticeAudience.Owners, "政策宣讲：老旧小区加装电梯补贴政策",
                """
                市住建局加装电梯补贴标准已调整：每台补贴最高 **20万元**。

                | 楼层 | 补贴 |
                |---|---|
                | 6层及以下 | 15万元 |
                | 7层及以上 | 20万元 |

                有意向的单元请联系网格员登记，社区将组织议事协商。
                """, false, 3),
            Make(PlaceKind.Community, first.Id, NoticeKind.Reminder, NoticeAudience.Elderly60, "温馨提示：流感疫苗免费接种",
                "本周三、周四上午，社区卫生服务站为60岁以上老人免费接种流感疫苗，请携带身份证和医保卡。行动不便的老人可预约上门服务。", false, 4, 14),
        };
        foreach (var n in notices)
        {
            db.Add(n);
            await db.SaveChangesAsync(ct);
            n.Submit(needsReview: false, n.Version, n.CreatedAt);
            await publisher.PublishAsync(n, ct);
        }
    }
}
