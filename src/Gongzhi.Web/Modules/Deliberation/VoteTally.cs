using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Deliberation.Tally;

namespace Gongzhi.Web.Modules.Deliberation;

// Reads a vote's roll and ballots (two narrow index reads) and hands them to the pure count.
public static class VoteTally
{
    public static async Task<TallyResult> CountAsync(GongzhiDb db, Vote vote, CancellationToken ct = default)
    {
        var voteId = vote.Id;
        var roll = await db.VoteElectors.AsNoTracking().Where(e => e.VoteId == voteId)
            .Select(e => new TallyElector(e.VoterKey, e.AreaCenti)).ToListAsync(ct);
        var ballots = await db.Ballots.AsNoTracking().Where(b => b.VoteId == voteId)
            .Select(b => new TallyBallot(b.VoterKey, b.Choice)).ToListAsync(ct);
        return Art278Tally.Count(vote.Basis, vote.Matter, vote.IsYesNo, vote.OptionCount, roll, ballots);
    }
}
