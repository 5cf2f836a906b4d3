namespace Gongzhi.Web.Modules.Deliberation.Tally;

public readonly record struct TallyElector(string Key, long AreaCenti);

public readonly record struct TallyBallot(string Key, int Choice);

public readonly record struct CastBallot(int Choice, long AreaCenti);

public enum Measure { TurnoutHeads = 1, TurnoutArea = 2, ApprovalHeads = 3, ApprovalArea = 4 }

public enum Threshold { TwoThirds = 1, MoreThanHalf = 2, ThreeQuarters = 3 }

// One test the result had to pass, with the exact share it reached.
public sealed record TallyCheck(Measure Measure, Fraction Share, Threshold Threshold, bool Passed, int? Option = null)
{
    public string ShareText => Measure is Measure.TurnoutArea or Measure.ApprovalArea ? Share.AreaText : Share.Text;
}

public sealed record OptionTotal(int Number, int Heads, long AreaCenti);

public sealed record TallyResult(
    int Electors, long TotalAreaCenti, int Voted, long VotedAreaCenti, int Ignored,
    IReadOnlyList<OptionTotal> Options, IReadOnlyList<TallyCheck> Checks, bool TurnoutMet, bool Adopted, int? Winner)
{
    public Fraction TurnoutHeads => new(Voted, Electors);
    public Fraction TurnoutArea => new(VotedAreaCenti, TotalAreaCenti);
}

// The count. Pure: the roll and the ballots in, the result and its reasons out.
//
// Owners under Civil Code Art. 278 (the roll already applies the Supreme People's Court counting
// rules: one entry per owner, an owner of several units once with all their area, the developer's
// unsold units as one owner): the vote stands only if owners holding at least two thirds of the
// exclusive area AND at least two thirds of the owners took part; it is adopted by more than half
// of the participating area AND of the participating owners, or at least three quarters of both
// for matters (6)–(8). Abstentions count as taking part and not as agreeing.
// One person or one household, one vote: the vote's own quorum (turnout of the roll) and threshold
// (share of those who voted); without a quorum given, none, and more than half of those who voted.
// With a choice list the same test is made for each option; at most one can pass it.
public static class Art278Tally
{
    // The "for" choice of a for / against / abstain vote (Vote.For); kept here so this file stands alone
    // (the benchmark compiles it on its own).
    private const int For = 1;

    public static Threshold ThresholdFor(VoteBasis basis, Art278Matter? matter) =>
        basis == VoteBasis.Owners278 && matter is Art278Matter.RaiseFund or Art278Matter.Rebuild or Art278Matter.CommonPartsUse
            ? Threshold.ThreeQuarters : Threshold.MoreThanHalf;

    public static TallyResult Count(VoteBasis basis, Art278Matter? matter, bool yesNo, int optionCount,
        IReadOnlyList<TallyElector> roll, IReadOnlyList<TallyBallot> ballots, Threshold? quorum = null, Threshold? approval = null)
    {
        var areaOf = new Dictionary<string, long>(roll.Count, StringComparer.Ordinal);
        long totalArea = 0;
        foreach (var e in roll)
        {
            if (!areaOf.TryAdd(e.Key, e.AreaCenti)) throw new ArgumentException($"Voter {e.Key} is on the roll twice.", nameof(roll));
            totalArea += e.AreaCenti;
        }

        // The database keeps one ballot per voter; the count does not rely on it.
        var choiceOf = new Dictionary<string, int>(ballots.Count, StringComparer.Ordinal);
        var ignored = 0;
        foreach (var b in ballots)
        {
            if (!areaOf.ContainsKey(b.Key) || b.Choice < 1 || b.Choice > optionCount) { ignored++; continue; }
            choiceOf[b.Key] = b.Choice;
        }

        var heads = new int[optionCount + 1];
        var area = new long[optionCount + 1];
        foreach (var (key, choice) in choiceOf)
        {
            heads[choice]++;
            area[choice] += areaOf[key];
        }
        return Decide(basis, matter, yesNo, optionCount, roll.Count, totalArea, heads, area, ignored, quorum, approval);
    }

    // The same count when the database has already matched each ballot to its voter on the roll
    // (one row per voter, the voter's area beside the choice): only the totals of the roll are needed.
    public static TallyResult CountCast(VoteBasis basis, Art278Matter? matter, bool yesNo, int optionCount,
        int electors, long totalAreaCenti, IReadOnlyList<CastBallot> ballots, Threshold? quorum = null, Threshold? approval = null)
    {
        var heads = new int[optionCount + 1];
        var area = new long[optionCount + 1];
        var ignored = 0;
        foreach (var b in ballots)
        {
            if (b.Choice < 1 || b.Choice > optionCount) { ignored++; continue; }
            heads[b.Choice]++;
            area[b.Choice] += b.AreaCenti;
        }
        return Decide(basis, matter, yesNo, optionCount, electors, totalAreaCenti, heads, area, ignored, quorum, approval);
    }

    private static TallyResult Decide(VoteBasis basis, Art278Matter? matter, bool yesNo, int optionCount,
        int electors, long totalArea, int[] heads, long[] area, int ignored, Threshold? quorum, Threshold? approval)
    {
        var voted = heads.Sum();
        var votedArea = area.Sum();
        var options = Enumerable.Range(1, optionCount).Select(n => new OptionTotal(n, heads[n], area[n])).ToList();

        var byArea = basis == VoteBasis.Owners278;
        var checks = new List<TallyCheck>();
        var turnoutMet = voted > 0;
        if (byArea)
        {
            var headsShare = new Fraction(voted, electors);
            var areaShare = new Fraction(votedArea, totalArea);
            var headsOk = headsShare.AtLeast(2, 3);
            var areaOk = areaShare.AtLeast(2, 3);
            checks.Add(new TallyCheck(Measure.TurnoutArea, areaShare, Threshold.TwoThirds, areaOk));
            checks.Add(new TallyCheck(Measure.TurnoutHeads, headsShare, Threshold.TwoThirds, headsOk));
            turnoutMet = headsOk && areaOk;
        }
        else if (quorum is { } q)
        {
            var headsShare = new Fraction(voted, electors);
            var headsOk = voted > 0 && Passes(headsShare, q);
            checks.Add(new TallyCheck(Measure.TurnoutHeads, headsShare, q, headsOk));
            turnoutMet = headsOk;
        }

        var threshold = byArea ? ThresholdFor(basis, matter) : approval ?? Threshold.MoreThanHalf;
        int? winner = null;
        if (turnoutMet)
        {
            // For / against / abstain: only "for" can carry. A choice list: each option in turn.
            var candidates = yesNo ? [For] : Enumerable.Range(1, optionCount);
            foreach (var n in candidates)
            {
                var headsShare = new Fraction(heads[n], voted);
                var headsOk = Passes(headsShare, threshold);
                var passed = headsOk;
                if (byArea)
                {
                    var areaShare = new Fraction(area[n], votedArea);
                    var areaOk = Passes(areaShare, threshold);
                    checks.Add(new TallyCheck(Measure.ApprovalArea, areaShare, threshold, areaOk, yesNo ? null : n));
                    passed = headsOk && areaOk;
                }
                checks.Add(new TallyCheck(Measure.ApprovalHeads, headsShare, threshold, headsOk, yesNo ? null : n));
                if (passed) winner ??= n;
            }
        }
        return new TallyResult(electors, totalArea, voted, votedArea, ignored, options, checks, turnoutMet, winner is not null, winner);
    }

    private static bool Passes(Fraction share, Threshold threshold) => threshold switch
    {
        Threshold.ThreeQuarters => share.AtLeast(3, 4),
        Threshold.MoreThanHalf => share.MoreThan(1, 2),
        _ => share.AtLeast(2, 3),
    };
}
