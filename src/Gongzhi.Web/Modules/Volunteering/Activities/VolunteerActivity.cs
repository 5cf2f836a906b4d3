namespace Gongzhi.Web.Modules.Volunteering.Activities;

public enum ActivityStatus { Open = 0, Cancelled = 1 }

// 志愿活动: posted by staff or a team leader, served in one or more shifts.
public sealed class VolunteerActivity
{
    private VolunteerActivity() { } // for EF

    public VolunteerActivity(long communityId, long? teamId, string title, string kind, string? description, string organizerUserId, DateTime now)
    {
        CommunityId = communityId;
        TeamId = teamId;
        Title = Guard.Text(title, 60, "Title");
        Kind = Guard.Text(kind, 30, "Kind");
        Description = Guard.OptionalText(description, 1000, "Description");
        OrganizerUserId = organizerUserId;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public long? TeamId { get; private set; }
    public string Title { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string? Description { get; private set; }
    public string OrganizerUserId { get; private set; } = "";
    public ActivityStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public void Cancel() => Status = ActivityStatus.Cancelled;
}

// 岗位: a time and place with a capacity. Taken counts live sign-ups and moves only through a
// conditional UPDATE (Taken < Capacity), so a rush of sign-ups cannot overbook it.
public sealed class Shift
{
    private Shift() { } // for EF

    public Shift(long activityId, DateTime startsAt, DateTime endsAt, string place, int capacity, string? skills, string qrSecret)
    {
        if (endsAt <= startsAt) throw new ValidationFailure("EndsAt", "Volunteering.Error.ShiftTimes");
        if ((endsAt - startsAt).TotalHours > 24) throw new ValidationFailure("EndsAt", "Volunteering.Error.ShiftTooLong");
        ActivityId = activityId;
        StartsAt = startsAt;
        EndsAt = endsAt;
        Place = Guard.Text(place, 100, "Place");
        Capacity = Guard.Range(capacity, 1, 10_000, "Capacity");
        Skills = Guard.OptionalText(skills, 100, "Skills");
        QrSecret = qrSecret;
    }

    public long Id { get; private set; }
    public long ActivityId { get; private set; }
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public string Place { get; private set; } = "";
    public int Capacity { get; private set; }
    public int Taken { get; private set; }
    public string? Skills { get; private set; }
    public string QrSecret { get; private set; } = "";
}

public enum SignupStatus { SignedUp = 0, Cancelled = 1, CheckedIn = 2, CheckedOut = 3, Confirmed = 4, NoShow = 5 }

public sealed class ShiftSignup
{
    private ShiftSignup() { } // for EF

    public ShiftSignup(long shiftId, long volunteerId, DateTime now)
    {
        ShiftId = shiftId;
        VolunteerId = volunteerId;
        SignedUpAt = now;
    }

    public long Id { get; private set; }
    public long ShiftId { get; private set; }
    public long VolunteerId { get; private set; }
    public SignupStatus Status { get; private set; }
    public DateTime SignedUpAt { get; private set; }
    public DateTime? CheckedInAt { get; private set; }
    public DateTime? CheckedOutAt { get; private set; }
    public int? ConfirmedMinutes { get; private set; }
    public string? ConfirmedByUserId { get; private set; }
    public long? TransactionId { get; private set; }

    public bool Active => Status is not (SignupStatus.Cancelled or SignupStatus.NoShow);

    public void SignUpAgain(DateTime now)
    {
        if (Status != SignupStatus.Cancelled) throw new DuplicateFailure("ShiftId", "Volunteering.Error.AlreadySignedUp");
        Status = SignupStatus.SignedUp;
        SignedUpAt = now;
    }

    public void Cancel()
    {
        if (Status != SignupStatus.SignedUp) throw new ValidationFailure("Status", "Volunteering.Error.CannotCancelSignup");
        Status = SignupStatus.Cancelled;
    }

    public void CheckIn(DateTime now)
    {
        if (Status != SignupStatus.SignedUp) throw new ValidationFailure("Status", "Volunteering.Error.CannotCheckIn");
        Status = SignupStatus.CheckedIn;
        CheckedInAt = now;
    }

    public void CheckOut(DateTime now)
    {
        if (Status != SignupStatus.CheckedIn) throw new ValidationFailure("Status", "Volunteering.Error.CannotCheckOut");
        Status = SignupStatus.CheckedOut;
        CheckedOutAt = now;
    }

    // Service minutes as served, or as the organiser corrects them (never more than the shift plus an hour).
    public void Confirm(int? minutes, int shiftMinutes, string byUserId)
    {
        if (Status != SignupStatus.CheckedOut) throw new ValidationFailure("Status", "Volunteering.Error.CannotConfirm");
        var served = minutes ?? (int)Math.Round((CheckedOutAt!.Value - CheckedInAt!.Value).TotalMinutes);
        ConfirmedMinutes = Guard.Range(served, 0, shiftMinutes + 60, "Minutes");
        ConfirmedByUserId = byUserId;
        Status = SignupStatus.Confirmed;
    }

    public void Posted(long transactionId) => TransactionId = transactionId;

    public void MarkNoShow()
    {
        if (Status != SignupStatus.SignedUp) throw new ValidationFailure("Status", "Volunteering.Error.CannotMarkNoShow");
        Status = SignupStatus.NoShow;
    }
}
