using System.Security.Cryptography;

namespace Gongzhi.Web.Modules.Deliberation;

// 议事会: an agenda of topics, invited delegates who sign in, minutes, and a resolution per item
// with the votes taken in the room.
public sealed class Meeting
{
    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public MeetingKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public string Place { get; private set; } = "";
    public DateTime StartsAt { get; private set; }
    public string? Minutes { get; private set; }
    // Printed as a QR code at the door: delegates with an account sign themselves in with it.
    public string SignInCode { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    private Meeting() { } // for EF

    public Meeting(long communityId, MeetingKind kind, string? title, string? place, DateTime startsAt, DateTime now)
    {
        if (!Enum.IsDefined(kind)) throw new ValidationFailure("Kind", "Validation.Required");
        CommunityId = communityId;
        Kind = kind;
        Title = Guard.Text(title, 100, "Title");
        Place = Guard.Text(place, 100, "Place");
        if (startsAt < now.AddYears(-1) || startsAt > now.AddYears(1)) throw new ValidationFailure("StartsAt", "Deliberation.Error.MeetingDate");
        StartsAt = startsAt;
        SignInCode = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        CreatedAt = now;
    }

    public void RecordMinutes(string? minutes, int expectedVersion)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict("Deliberation.Error.Changed");
        Minutes = Guard.Text(minutes, 4000, "Minutes");
        Version++;
    }
}

// One topic on the agenda, and what the room decided on it.
public sealed class MeetingItem
{
    public long Id { get; private set; }
    public long MeetingId { get; private set; }
    public long TopicId { get; private set; }
    public int Position { get; private set; }
    public string? Resolution { get; private set; }
    public int VotesFor { get; private set; }
    public int VotesAgainst { get; private set; }
    public int VotesAbstain { get; private set; }
    public bool? Adopted { get; private set; }

    private MeetingItem() { } // for EF

    public MeetingItem(long meetingId, long topicId, int position)
    {
        MeetingId = meetingId;
        TopicId = topicId;
        Position = position;
    }

    // A show of hands: carried by more than half of those present who voted (abstentions included).
    public void Resolve(string? resolution, int votesFor, int votesAgainst, int votesAbstain, int present)
    {
        if (Adopted is not null) throw new DomainException("Deliberation.Error.ItemResolved");
        Resolution = Guard.Text(resolution, 1000, "Resolution");
        Guard.Range(votesFor, 0, 10000, "VotesFor");
        Guard.Range(votesAgainst, 0, 10000, "VotesAgainst");
        Guard.Range(votesAbstain, 0, 10000, "VotesAbstain");
        if (votesFor + votesAgainst + votesAbstain > present) throw new ValidationFailure("VotesFor", "Deliberation.Error.MoreVotesThanPresent", present);
        if (votesFor + votesAgainst + votesAbstain == 0) throw new ValidationFailure("VotesFor", "Deliberation.Error.NoRoomVotes");
        VotesFor = votesFor;
        VotesAgainst = votesAgainst;
        VotesAbstain = votesAbstain;
        Adopted = votesFor * 2 > votesFor + votesAgainst + votesAbstain;
    }
}

public sealed class MeetingAttendee
{
    public long Id { get; private set; }
    public long MeetingId { get; private set; }
    public string Name { get; private set; } = "";
    public DelegateCapacity Capacity { get; private set; }
    public string? Organisation { get; private set; }
    public string? UserId { get; private set; }
    public DateTime? SignedInAt { get; private set; }
    public SignInMethod? SignInMethod { get; private set; }

    private MeetingAttendee() { } // for EF

    public MeetingAttendee(long meetingId, string? name, DelegateCapacity capacity, string? organisation, string? userId)
    {
        if (!Enum.IsDefined(capacity)) throw new ValidationFailure("Capacity", "Validation.Required");
        MeetingId = meetingId;
        Name = Guard.Text(name, 30, "Name");
        Capacity = capacity;
        Organisation = Guard.OptionalText(organisation, 50, "Organisation");
        UserId = userId;
    }

    public void SignIn(SignInMethod method, DateTime now)
    {
        if (SignedInAt is not null) return; // signing in twice changes nothing
        SignedInAt = now;
        SignInMethod = method;
    }
}
