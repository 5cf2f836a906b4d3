using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Volunteering.Honours;
using Gongzhi.Web.Modules.Volunteering.Points;

namespace Gongzhi.Web.Modules.Volunteering;

// What every installation starts with: the earning rules and the three honours of the seeds.
public static class VolunteeringDefaults
{
    // Activity kinds: the seeds' service teams' kinds of work.
    public static readonly string[] ActivityKinds = ["health", "talk", "elder-care", "green", "mediation", "patrol", "other"];

    public static async Task EnsureAsync(GongzhiDb db, DateTime now, CancellationToken ct = default)
    {
        if (!await db.PointsRules.AnyAsync(ct))
        {
            db.PointsRules.Add(new PointsRule(RuleKind.PerHour, "", 10, now));
            db.PointsRules.Add(new PointsRule(RuleKind.AwardCap, "", 200, now));
            db.PointsRules.Add(new PointsRule(RuleKind.ExpiryQuarters, "", 0, now));
            foreach (var kind in ActivityKinds) db.PointsRules.Add(new PointsRule(RuleKind.ActivityKind, kind, kind == "patrol" ? 5 : 0, now));
            db.PointsRules.Add(new PointsRule(RuleKind.Honour, "good-neighbour", 100, now));
            db.PointsRules.Add(new PointsRule(RuleKind.Honour, "best-mother", 100, now));
            db.PointsRules.Add(new PointsRule(RuleKind.Honour, "civilised-family", 50, now));
            await db.SaveChangesAsync(ct);
        }
        if (!await db.HonourKinds.AnyAsync(ct))
        {
            db.HonourKinds.Add(new HonourKind("good-neighbour", "社区好人", now));
            db.HonourKinds.Add(new HonourKind("best-mother", "最美母亲", now));
            db.HonourKinds.Add(new HonourKind("civilised-family", "文明家庭", now));
            await db.SaveChangesAsync(ct);
        }
    }

    // The community's own rule, else the installation's default, else the fallback.
    public static async Task<int> RuleAsync(GongzhiDb db, long communityId, RuleKind kind, string key = "", int fallback = 0, CancellationToken ct = default)
    {
        var rows = await db.PointsRules.Where(r => r.Kind == kind && r.Key == key && (r.CommunityId == communityId || r.CommunityId == null))
            .Select(r => new { r.CommunityId, r.Points }).ToListAsync(ct);
        return (rows.FirstOrDefault(r => r.CommunityId == communityId) ?? rows.FirstOrDefault())?.Points ?? fallback;
    }
}
