using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Residents;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Web.Modules.Volunteering.Points;

public sealed record AwardInput(long VolunteerId, int Points, string? Reason);
public sealed record DecideInput(bool Approve);
public sealed record ReverseInput(string? Reason);
// CommunityId: whose rule; without it, the caller's own community.
// Kind and Points have no default: a body without them must not set some rule to 0 points.
public sealed record RuleInput(RuleKind? Kind, string? Key, int? Points, long? CommunityId = null);
// Own: set by the community itself (otherwise the installation's default applies).
public sealed record RuleRow(RuleKind Kind, string Key, int Points, DateTime UpdatedAt, bool Own);

public sealed class PointsCommands(GongzhiDb db, VolunteeringAccess access, PointsLedger ledger, VolunteerCommands volunteers, AuditLog audit, TimeProvider clock)
{
    public const string RuleChanged = "PointsRule";

    // Staff propose an award for a good deed; it is capped by the AwardCap rule, so a typo of an extra
    // zero is refused rather than waiting for the approver to notice.
    public async Task<long> ProposeAsync(AwardInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageVolunteering);
        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == input.VolunteerId, ct)
            ?? throw new ValidationFailure("VolunteerId", "Volunteering.Error.VolunteerUnknown");
        await access.RequireManageAsync(volunteer.CommunityId, ct);
        var cap = await VolunteeringDefaults.RuleAsync(db, volunteer.CommunityId, RuleKind.AwardCap, fallback: 200, ct: ct);
        var award = new PointsAward(volunteer.Id, input.Points, Math.Max(cap, 1), input.Reason ?? "", access.User.RequiredId, clock.GetUtcNow().UtcDateTime);
        db.PointsAwards.Add(award);
        await db.SaveChangesAsync(ct);
        return award.Id;
    }

    public async Task<long?> DecideAsync(long awardId, DecideInput input, CancellationToken ct = default)
    {
        var award = await db.PointsAwards.FirstOrDefaultAsync(a => a.Id == awardId, ct) ?? throw new NotFound();
        var volunteer = await db.Volunteers.AsNoTracking().FirstAsync(v => v.Id == award.VolunteerId, ct);
        await access.RequireApproveAsync(volunteer.CommunityId, ct);
        var me = access.User.RequiredId;
        award.Decide(input.Approve, me, clock.GetUtcNow().UtcDateTime);
        if (!input.Approve)
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        var pool = await ledger.PoolAsync(volunteer.CommunityId, ct);
        var account = await volunteers.AccountForAsync(volunteer, ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct); // the version check: one decision per award
            var txId = await ledger.WriteAsync(new PostingRequest(TransactionKind.Discretionary, $"award:{award.Id}", "好人好事",
                [new Posting(pool, -award.Points), new Posting(account, award.Points)], award.Reason, award.ProposedByUserId, me), ct);
            award.Posted(txId);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            if (volunteer.UserId is not null)
            {
                db.Notifications.Add(new Notification(volunteer.UserId, "volunteer.award", "Volunteering.Notice.Awarded",
                    [award.Points.ToString(System.Globalization.CultureInfo.InvariantCulture), award.Reason], "/volunteer", clock.GetUtcNow().UtcDateTime));
                await db.SaveChangesAsync(ct);
            }
            return txId;
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(ex))
        {
            throw new ConcurrencyConflict("Volunteering.Error.AlreadyDecided");
        }
    }

    // 更正: a wrong posting is reversed, never edited.
    public async Task<long> ReverseAsync(long transactionId, ReverseInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ApprovePoints);
        var communities = await (from e in db.PointsEntries join a in db.PointsAccounts on e.AccountId equals a.Id
                                 where e.TransactionId == transactionId && a.CommunityId != null select a.CommunityId!.Value).Distinct().ToListAsync(ct);
        if (communities.Count == 0) throw new NotFound();
        foreach (var c in communities) await access.RequireApproveAsync(c, ct);
        return (await ledger.ReverseAsync(transactionId, input.Reason, access.User.Id, ct)).TransactionId;
    }

    // The rules in force in a community: its own where it has set them, the defaults elsewhere.
    public async Task<List<RuleRow>> RulesAsync(long? communityId, CancellationToken ct = default)
    {
        var community = await CommunityAsync(communityId, ct);
        if (!await access.CanManageCommunityAsync(community, ct) && await access.HomeCommunityAsync(ct) != community) throw new NotFound();
        var rows = await db.PointsRules.AsNoTracking().Where(r => r.CommunityId == community || r.CommunityId == null).ToListAsync(ct);
        return rows.GroupBy(r => (r.Kind, r.Key))
            .Select(g => g.FirstOrDefault(r => r.CommunityId == community) ?? g.First())
            .OrderBy(r => r.Kind).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new RuleRow(r.Kind, r.Key, r.Points, r.UpdatedAt, r.CommunityId == community)).ToList();
    }

    // Rules are the community's: changed only by an approver whose posts cover it, and every change is audited.
    public async Task SetRuleAsync(RuleInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ApprovePoints);
        var community = await CommunityAsync(input.CommunityId, ct);
        await access.RequireApproveAsync(community, ct);
        if (input.Kind is not { } kind || !Enum.IsDefined(kind)) throw new ValidationFailure("Kind", "Volunteering.Error.RuleUnknown");
        var points = input.Points ?? throw new ValidationFailure("Points", "Validation.Required");
        var key = kind is RuleKind.ActivityKind or RuleKind.Honour ? Guard.Text(input.Key, 30, "Key") : "";
        var now = clock.GetUtcNow().UtcDateTime;
        var before = await VolunteeringDefaults.RuleAsync(db, community, kind, key, ct: ct);
        var rule = await db.PointsRules.FirstOrDefaultAsync(r => r.CommunityId == community && r.Kind == kind && r.Key == key, ct);
        if (rule is null) db.PointsRules.Add(new PointsRule(kind, key, points, now, community));
        else rule.Set(points, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new ConcurrencyConflict();
        }
        await audit.WriteAsync(RuleChanged, $"Community/{community}/PointsRule/{kind}/{key}", $"{before} → {points}", ct);
    }

    private async Task<long> CommunityAsync(long? communityId, CancellationToken ct) =>
        communityId ?? await access.HomeCommunityAsync(ct) ?? throw new ValidationFailure("CommunityId", "Validation.Required");
}
