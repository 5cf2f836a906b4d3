using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Deliberation.Tally;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Deliberation;

// The count on hand-built rolls, at and around every threshold of Civil Code Art. 278.
// Areas are in hundredths of a square metre (10000 = 100 m²).
public sealed class Art278TallyTests
{
    private const int F = Vote.For, A = Vote.Against, X = Vote.Abstain;

    private static List<TallyElector> Roll(params long[] areas) => areas.Select((a, i) => new TallyElector("R:" + i, a)).ToList();

    private static List<TallyBallot> Ballots(params int[] choices) => choices.Select((c, i) => new TallyBallot("R:" + i, c)).ToList();

    private static TallyResult Owners(Art278Matter matter, List<TallyElector> roll, List<TallyBallot> ballots) =>
        Art278Tally.Count(VoteBasis.Owners278, matter, true, 3, roll, ballots);

    private static TallyCheck Check(TallyResult r, Measure m) => r.Checks.Single(c => c.Measure == m && c.Option is null);

    [Fact]
    public void Exactly_two_thirds_of_area_and_owners_taking_part_is_a_quorum()
    {
        var r = Owners(Art278Matter.Other, Roll(10000, 10000, 10000), Ballots(F, F));
        r.TurnoutHeads.ShouldBe(new Fraction(2, 3));
        r.TurnoutArea.ShouldBe(new Fraction(20000, 30000));
        r.TurnoutMet.ShouldBeTrue();
        r.Adopted.ShouldBeTrue();
        Check(r, Measure.TurnoutArea).Share.Percent.ShouldBe("66.66%");
        Check(r, Measure.TurnoutArea).ShareText.ShouldBe("200.00/300.00 m²");
    }

    [Fact]
    public void A_hundredth_of_a_square_metre_under_two_thirds_of_the_area_is_no_quorum()
    {
        // Two of three owners (exactly 2/3 by headcount) but 200.00 of 300.01 m² (just under 2/3 by area).
        var r = Owners(Art278Matter.Other, Roll(10000, 10000, 10001), Ballots(F, F));
        Check(r, Measure.TurnoutHeads).Passed.ShouldBeTrue();
        Check(r, Measure.TurnoutArea).Passed.ShouldBeFalse();
        r.TurnoutMet.ShouldBeFalse();
        r.Adopted.ShouldBeFalse();
        r.Checks.ShouldNotContain(c => c.Measure == Measure.ApprovalHeads);
    }

    [Fact]
    public void One_owner_under_two_thirds_by_headcount_is_no_quorum_even_with_most_of_the_area()
    {
        // 6666 of 10000 owners would be the same test at scale; here 1 of 2 owners holding 90 % of the area.
        var r = Owners(Art278Matter.Other, Roll(90000, 10000), Ballots(F));
        Check(r, Measure.TurnoutArea).Passed.ShouldBeTrue();
        Check(r, Measure.TurnoutHeads).Passed.ShouldBeFalse();
        r.Adopted.ShouldBeFalse();
    }

    [Fact]
    public void At_scale_6666_of_10000_owners_is_under_two_thirds_and_6667_is_over()
    {
        var roll = Roll(Enumerable.Repeat(10000L, 10000).ToArray());
        Owners(Art278Matter.Other, roll, Ballots(Enumerable.Repeat(F, 6666).ToArray())).TurnoutMet.ShouldBeFalse();
        Owners(Art278Matter.Other, roll, Ballots(Enumerable.Repeat(F, 6667).ToArray())).TurnoutMet.ShouldBeTrue();
    }

    [Fact]
    public void Exactly_half_in_favour_is_not_more_than_half()
    {
        // Six owners, four take part (exactly 2/3), two for and two against: exactly 1/2 on both measures.
        var r = Owners(Art278Matter.PropertyService, Roll(10000, 10000, 10000, 10000, 10000, 10000), Ballots(F, F, A, A));
        r.TurnoutMet.ShouldBeTrue();
        Check(r, Measure.ApprovalHeads).Share.ShouldBe(new Fraction(2, 4));
        Check(r, Measure.ApprovalHeads).Passed.ShouldBeFalse();
        Check(r, Measure.ApprovalArea).Passed.ShouldBeFalse();
        r.Adopted.ShouldBeFalse();
    }

    [Fact]
    public void Just_over_half_of_both_adopts_an_ordinary_matter()
    {
        // For: 2 owners of 3 participating, holding 100.01 of 200.01 m².
        var r = Owners(Art278Matter.PropertyService, Roll(5000, 5001, 10000), Ballots(F, F, A));
        Check(r, Measure.ApprovalArea).Share.ShouldBe(new Fraction(10001, 20001));
        r.Adopted.ShouldBeTrue();
    }

    [Fact]
    public void More_than_half_of_owners_but_exactly_half_of_the_area_is_not_adopted()
    {
        var r = Owners(Art278Matter.PropertyService, Roll(5000, 5000, 10000), Ballots(F, F, A));
        Check(r, Measure.ApprovalHeads).Passed.ShouldBeTrue();
        Check(r, Measure.ApprovalArea).Share.ShouldBe(new Fraction(10000, 20000));
        Check(r, Measure.ApprovalArea).Passed.ShouldBeFalse();
        r.Adopted.ShouldBeFalse();
    }

    [Theory]
    [InlineData(Art278Matter.RaiseFund)]
    [InlineData(Art278Matter.Rebuild)]
    [InlineData(Art278Matter.CommonPartsUse)]
    public void Matters_six_to_eight_are_adopted_at_exactly_three_quarters(Art278Matter matter)
    {
        // Four owners take part of six; three for: exactly 3/4 of heads and of area.
        var r = Owners(matter, Roll(10000, 10000, 10000, 10000, 10000, 10000), Ballots(F, F, F, A));
        Check(r, Measure.ApprovalHeads).Share.ShouldBe(new Fraction(3, 4));
        Check(r, Measure.ApprovalHeads).Threshold.ShouldBe(Threshold.ThreeQuarters);
        r.Adopted.ShouldBeTrue();
    }

    [Fact]
    public void Just_under_three_quarters_of_the_area_fails_a_matter_six_to_eight_that_an_ordinary_matter_passes()
    {
        // For: 3 of 4 owners but 299.99 of 400.00 m².
        var roll = Roll(10000, 10000, 9999, 10001, 10000, 10000);
        var ballots = Ballots(F, F, F, A);
        var rebuild = Owners(Art278Matter.Rebuild, roll, ballots);
        Check(rebuild, Measure.ApprovalHeads).Passed.ShouldBeTrue();
        Check(rebuild, Measure.ApprovalArea).Share.ShouldBe(new Fraction(29999, 40000));
        Check(rebuild, Measure.ApprovalArea).Passed.ShouldBeFalse();
        rebuild.Adopted.ShouldBeFalse();
        Owners(Art278Matter.Other, roll, ballots).Adopted.ShouldBeTrue();
    }

    [Fact]
    public void Abstentions_count_for_turnout_and_against_adoption()
    {
        // Three of three take part thanks to an abstention; two for of three participating is 2/3.
        var r = Owners(Art278Matter.Other, Roll(10000, 10000, 10000), Ballots(F, F, X));
        r.TurnoutHeads.ShouldBe(new Fraction(3, 3));
        Check(r, Measure.ApprovalHeads).Share.ShouldBe(new Fraction(2, 3));
        r.Adopted.ShouldBeTrue();
        // The same abstention on a matter (6)–(8): 2/3 is under 3/4.
        Owners(Art278Matter.RaiseFund, Roll(10000, 10000, 10000), Ballots(F, F, X)).Adopted.ShouldBeFalse();
        // Two abstentions with one for: one third, not adopted, though the quorum is met.
        var r2 = Owners(Art278Matter.Other, Roll(10000, 10000, 10000), Ballots(F, X, X));
        r2.TurnoutMet.ShouldBeTrue();
        r2.Adopted.ShouldBeFalse();
    }

    [Fact]
    public void Ballots_from_outside_the_roll_or_with_unknown_choices_are_not_counted()
    {
        var roll = Roll(10000, 10000, 10000);
        var ballots = Ballots(F, F).Append(new TallyBallot("R:99", F)).Append(new TallyBallot("R:2", 7)).ToList();
        var r = Owners(Art278Matter.Other, roll, ballots);
        r.Voted.ShouldBe(2);
        r.Ignored.ShouldBe(2);
    }

    [Fact]
    public void One_person_one_vote_needs_more_than_half_of_those_voting_and_no_quorum()
    {
        var roll = Roll(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        Art278Tally.Count(VoteBasis.PerPerson, null, true, 3, roll, Ballots(F, F, A)).Adopted.ShouldBeTrue();
        Art278Tally.Count(VoteBasis.PerPerson, null, true, 3, roll, Ballots(F, A)).Adopted.ShouldBeFalse();
        Art278Tally.Count(VoteBasis.PerHousehold, null, true, 3, roll, []).Adopted.ShouldBeFalse();
    }

    [Fact]
    public void A_choice_list_is_decided_by_the_option_with_more_than_half()
    {
        var roll = Roll(10000, 10000, 10000, 10000);
        var r = Art278Tally.Count(VoteBasis.Owners278, Art278Matter.Other, false, 3, roll, Ballots(2, 2, 2, 1));
        r.Winner.ShouldBe(2);
        r.Options.Single(o => o.Number == 2).Heads.ShouldBe(3);
        Art278Tally.Count(VoteBasis.Owners278, Art278Matter.Other, false, 3, roll, Ballots(2, 2, 1, 3)).Adopted.ShouldBeFalse();
    }

    [Fact]
    public void The_roll_counts_an_owner_of_several_units_once_with_all_their_area()
    {
        var rows = new List<ElectorRoll.OwnerRow>
        {
            new(1, 101, 7, "王建国", 89.50m, AreaSource.Register, false),
            new(2, 102, 7, "王建国", 60.25m, AreaSource.Register, false),
            new(3, 103, 8, "李秀英", 120m, AreaSource.Register, false),
        };
        var roll = ElectorRoll.Owners(rows);
        roll.Count.ShouldBe(2);
        var wang = roll.Single(e => e.Key == "R:7");
        wang.Units.ShouldBe(2);
        wang.AreaCenti.ShouldBe(14975);
    }

    [Fact]
    public void The_roll_counts_the_developers_unsold_units_as_one_owner()
    {
        var rows = Enumerable.Range(1, 5).Select(i => new ElectorRoll.OwnerRow(i, 200 + i, null, "合肥安居置业有限公司", 100m, AreaSource.Register, true))
            .Append(new ElectorRoll.OwnerRow(9, 300, 5, "赵敏", 80m, AreaSource.Survey, false)).ToList();
        var roll = ElectorRoll.Owners(rows);
        roll.Count.ShouldBe(2);
        var developer = roll.Single(e => e.Key.StartsWith(ElectorRoll.DeveloperPrefix, StringComparison.Ordinal));
        developer.Units.ShouldBe(5);
        developer.AreaCenti.ShouldBe(50000);
        developer.ResidentId.ShouldBeNull();
        // In a count the developer is one head of two, with five sixths of the area.
        var r = Art278Tally.Count(VoteBasis.Owners278, Art278Matter.Other, true, 3,
            roll.Select(e => new TallyElector(e.Key, e.AreaCenti)).ToList(), [new TallyBallot(developer.Key, Vote.For)]);
        r.TurnoutHeads.ShouldBe(new Fraction(1, 2));
        r.TurnoutMet.ShouldBeFalse();
    }

    [Fact]
    public void One_unit_counts_one_owner_with_the_register_area_before_survey_and_contract()
    {
        var rows = new List<ElectorRoll.OwnerRow>
        {
            new(1, 400, null, "周立", 92m, AreaSource.Contract, false),
            new(2, 400, 11, "周立", 90.5m, AreaSource.Register, false),
            new(3, 400, 12, "吴芳", 91m, AreaSource.Survey, false),
        };
        var roll = ElectorRoll.Owners(rows);
        roll.ShouldHaveSingleItem().AreaCenti.ShouldBe(9050);
        roll[0].Key.ShouldBe("R:11");
    }

    [Fact]
    public void The_count_from_matched_ballots_agrees_with_the_count_from_the_roll()
    {
        var r = new Random(8);
        var roll = Enumerable.Range(0, 500).Select(i => new TallyElector("R:" + i, 5000 + r.Next(10000))).ToList();
        var ballots = roll.Where(_ => r.NextDouble() < 0.75).Select(e => new TallyBallot(e.Key, 1 + r.Next(3))).ToList();
        var area = roll.ToDictionary(e => e.Key, e => e.AreaCenti);
        var keyed = Art278Tally.Count(VoteBasis.Owners278, Art278Matter.Rebuild, true, 3, roll, ballots);
        var cast = Art278Tally.CountCast(VoteBasis.Owners278, Art278Matter.Rebuild, true, 3, roll.Count, roll.Sum(e => e.AreaCenti),
            ballots.Select(b => new CastBallot(b.Choice, area[b.Key])).ToList());
        cast.Checks.ShouldBe(keyed.Checks);
        cast.Options.ShouldBe(keyed.Options);
        (cast.Voted, cast.VotedAreaCenti, cast.Adopted).ShouldBe((keyed.Voted, keyed.VotedAreaCenti, keyed.Adopted));
    }
}
