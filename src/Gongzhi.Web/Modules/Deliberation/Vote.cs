using Gongzhi.Web.Modules.Deliberation.Tally;

namespace Gongzhi.Web.Modules.Deliberation;

// 表决. The roll of who may vote is taken when the vote opens (VoteElector) so that the count is
// made against a fixed electorate; ballots are unique per vote and voter key in the database.
public sealed class Vote
{
    public const int For = 1, Against = 2, Abstain = 3;

    public long Id { get; private set; }
    public long TopicId { get; private set; }
    public string Title { get; private set; } = "";
    public VoteBasis Basis { get; private set; }
    public Art278Matter? Matter { get; private set; }
    // A choice list, one option per line; null means for / against / abstain.
    public string? Choices { get; private set; }
    public VoteStatus Status { get; private set; }
    public DateTime OpensAt { get; private set; }
    public DateTime ClosesAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public bool AllowChange { get; private set; }
    // 公开表决: staff may see how each person voted. Otherwise only that they voted.
    public bool OpenBallot { get; private set; }
    public int Electors { get; private set; }
    // One person or one household, one vote: the turnout the vote needs to stand and the share of
    // those voting that adopts it. Null on votes opened before there were quorums (counted as then).
    public Threshold? Quorum { get; private set; }
    public Threshold? Approval { get; private set; }
    public bool? Adopted { get; private set; }
    public string CreatedByUserId { get; private set; } = "";
    public int Version { get; private set; }

    private Vote() { } // for EF

    public Vote(long topicId, string? title, VoteBasis basis, Art278Matter? matter, IReadOnlyList<string>? choices, DateTime now, int days,
        bool allowChange, bool openBallot, string createdByUserId, Threshold? quorum = null, Threshold? approval = null)
    {
        TopicId = topicId;
        Title = Guard.Text(title, 100, "Title");
        if (!Enum.IsDefined(basis)) throw new ValidationFailure("Basis", "Validation.Required");
        Basis = basis;
        if (basis == VoteBasis.Owners278)
        {
            // The matter decides the threshold, so an owners' vote cannot go without one.
            if (matter is null || !Enum.IsDefined(matter.Value)) throw new ValidationFailure("Matter", "Deliberation.Error.MatterRequired");
            Matter = matter;
        }
        else
        {
            if (matter is not null) throw new ValidationFailure("Matter", "Deliberation.Error.MatterOnlyForOwners");
            if (quorum is { } q && !Enum.IsDefined(q)) throw new ValidationFailure("Quorum", "Validation.Invalid");
            if (approval is { } a && !Enum.IsDefined(a)) throw new ValidationFailure("Approval", "Validation.Invalid");
            Quorum = quorum ?? DefaultQuorum(basis);
            Approval = approval ?? Threshold.MoreThanHalf;
        }
        if (choices is { Count: > 0 })
        {
            var list = choices.Select(c => Guard.Text(c, 60, "Choices")).ToList();
            if (list.Count is < 2 or > 10) throw new ValidationFailure("Choices", "Deliberation.Error.OptionCount", 2, 10);
            if (list.Distinct().Count() != list.Count) throw new ValidationFailure("Choices", "Deliberation.Error.OptionTwice");
            if (list.Any(c => c.Contains('\n', StringComparison.Ordinal))) throw new ValidationFailure("Choices", "Deliberation.Error.UnknownOption");
            Choices = string.Join('\n', list);
        }
        Guard.Range(days, 1, 60, "Days");
        Status = VoteStatus.Open;
        OpensAt = now;
        ClosesAt = now.AddDays(days);
        AllowChange = allowChange;
        OpenBallot = openBallot;
        CreatedByUserId = createdByUserId;
    }

    // As the organic laws of residents' and villagers' committees set for their meetings: more than half
    // of the adults, or two thirds of the households, taking part (村民委员会组织法第二十二条).
    public static Threshold DefaultQuorum(VoteBasis basis) => basis == VoteBasis.PerHousehold ? Threshold.TwoThirds : Threshold.MoreThanHalf;

    public IReadOnlyList<string> ChoiceList => Choices?.Split('\n') ?? [];

    public int OptionCount => Choices is null ? 3 : ChoiceList.Count;

    public bool IsYesNo => Choices is null;

    public bool IsOpen(DateTime now) => Status == VoteStatus.Open && now < ClosesAt;

    public void SetElectors(int count) => Electors = count;

    public void CheckCastable(int choice, DateTime now)
    {
        if (!IsOpen(now)) throw new DomainException("Deliberation.Error.VoteClosed");
        if (choice < 1 || choice > OptionCount) throw new ValidationFailure("Choice", "Deliberation.Error.UnknownOption");
    }

    public void Close(bool adopted, DateTime now)
    {
        if (Status != VoteStatus.Open) throw new DomainException("Deliberation.Error.VoteClosed");
        Status = VoteStatus.Closed;
        ClosedAt = now;
        if (now < ClosesAt) ClosesAt = now;
        Adopted = adopted;
        Version++;
    }
}

// One person (or household, or owner) on the roll. Area in hundredths of a square metre so that
// the Art. 278 count is done in whole numbers; Units counts the exclusive units behind one owner.
public sealed class VoteElector
{
    public long Id { get; private set; }
    public long VoteId { get; private set; }
    public string VoterKey { get; private set; } = "";
    public string Name { get; private set; } = "";
    public long? ResidentId { get; private set; }
    public long? HouseholdId { get; private set; }
    public long AreaCenti { get; private set; }
    public int Units { get; private set; }

    private VoteElector() { } // for EF

    public VoteElector(long voteId, string voterKey, string name, long? residentId, long? householdId, long areaCenti, int units)
    {
        VoteId = voteId;
        VoterKey = voterKey;
        Name = name.Length > 50 ? name[..50] : name;
        ResidentId = residentId;
        HouseholdId = householdId;
        AreaCenti = areaCenti;
        Units = units;
    }
}

// Written only through the conflict-handling upsert in VoteCommands (never through the change tracker),
// so two requests for the same voter can never both insert.
public sealed class Ballot
{
    public long Id { get; private set; }
    public long VoteId { get; private set; }
    public string VoterKey { get; private set; } = "";
    public int Choice { get; private set; }
    public BallotChannel Channel { get; private set; }
    // The voter themselves online, or the staff member who entered a paper ballot.
    public string CastByUserId { get; private set; } = "";
    public DateTime CastAt { get; private set; }
    public int Changes { get; private set; }

    private Ballot() { } // for EF

    // For the demo and the benchmark's generated data only; the app writes ballots through the upsert.
    public Ballot(long voteId, string voterKey, int choice, BallotChannel channel, string castByUserId, DateTime castAt)
    {
        VoteId = voteId;
        VoterKey = voterKey;
        Choice = choice;
        Channel = channel;
        CastByUserId = castByUserId;
        CastAt = castAt;
    }
}
