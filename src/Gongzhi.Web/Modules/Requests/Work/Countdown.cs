using Gongzhi.Web.Modules.Requests.Deadlines;

namespace Gongzhi.Web.Modules.Requests.Work;

public enum CountdownLevel { None, Green, Yellow, Red }

// The traffic light on a case: which deadline is running (first contact while nobody has taken
// the case, resolution after), how many working minutes are left (negative: overdue), and the colour.
// Now is when it was worked out, for saying the deadline in words ("周一 10:30 前"); the API leaves it out.
public sealed record Countdown(CountdownLevel Level, bool ForContact, DateTime? Deadline, int MinutesLeft,
    [property: System.Text.Json.Serialization.JsonIgnore] DateTime Now)
{
    public static readonly Countdown None = new(CountdownLevel.None, false, null, 0, DateTime.UnixEpoch);

    public static Countdown For(Case c, WorkingTime time, DateTime now) =>
        For(c.Status, c.SubmittedAt, c.RespondBy, c.ResolveBy, c.AcceptedAt, time, now);

    public static Countdown For(CaseStatus status, DateTime submittedAt, DateTime respondBy, DateTime resolveBy, DateTime? acceptedAt, WorkingTime time, DateTime now)
    {
        if (status is not (CaseStatus.Submitted or CaseStatus.Accepted or CaseStatus.Referred or CaseStatus.Reopened)) return None;
        var forContact = status == CaseStatus.Submitted && now <= respondBy;
        var deadline = forContact ? respondBy : resolveBy;
        var left = time.MinutesBetween(now, deadline);
        if (now > deadline) return new Countdown(CountdownLevel.Red, forContact, deadline, Math.Min(left, -1), now);
        var allowed = Math.Max(1, time.MinutesBetween(submittedAt, deadline));
        // Yellow when a quarter of the allowed working time or less is left.
        var level = left * 4 <= allowed ? CountdownLevel.Yellow : CountdownLevel.Green;
        return new Countdown(level, forContact, deadline, left, now);
    }
}
