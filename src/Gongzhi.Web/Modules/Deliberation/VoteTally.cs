using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Deliberation.Tally;

namespace Gongzhi.Web.Modules.Deliberation;

// The count from the database: the roll's totals (one aggregate) and each ballot with its voter's
// area (the ballots joined to the roll on the unique (vote, voter) keys), handed to the pure count.
// Only ballots travel, not the whole roll; a ballot whose voter is not on the roll cannot join.
public static class VoteTally
{
    public static async Task<TallyResult> CountAsync(GongzhiDb db, Vote vote, CancellationToken ct = default)
    {
        var voteId = vote.Id;
        var totals = await db.VoteElectors.Where(e => e.VoteId == voteId).GroupBy(e => e.VoteId)
            .Select(g => new { Count = g.Count(), Area = g.Sum(e => e.AreaCenti) }).FirstOrDefaultAsync(ct);
        var ballots = await (from b in db.Ballots
                             join e in db.VoteElectors on new { b.VoteId, b.VoterKey } equals new { e.VoteId, e.VoterKey }
                             where b.VoteId == voteId
                             select new CastBallot(b.Choice, e.AreaCenti)).ToListAsync(ct);
        return Art278Tally.CountCast(vote.Basis, vote.Matter, vote.IsYesNo, vote.OptionCount, totals?.Count ?? 0, totals?.Area ?? 0, ballots, vote.Quorum, vote.Approval);
    }
}
