using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Deliberation;

public sealed record MeetingInput(long? CommunityId, MeetingKind? Kind, string? Title, string? Place, DateTime? StartsAt, IReadOnlyList<long>? TopicIds);
public sealed record AttendeeInput(string? Name, DelegateCapacity? Capacity, string? Organisation, string? UserName);
public sealed record SignInInput(string? Code);
public sealed record MinutesInput(string? Minutes, int Version);
public sealed record ItemResolutionInput(string? Resolution, int VotesFor, int VotesAgainst, int VotesAbstain, bool Decides);

public sealed class MeetingCommands(GongzhiDb db, DeliberationAccess access, CurrentUser user, TopicNotifier notifier, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<long> CreateAsync(MeetingInput input, CancellationToken ct = default)
    {
        user.Require(Capability.ManageDeliberation);
        var communityId = input.CommunityId ?? throw new ValidationFailure("CommunityId", "Validation.Required");
        if (!await access.CanManageAsync(communityId, ct)) throw new Forbidden();
        var now = Now;
        var meeting = new Meeting(communityId, input.Kind ?? 0, input.Title, input.Place, input.StartsAt ?? throw new ValidationFailure("StartsAt", "Validation.Required"), now);
        var topicIds = (input.TopicIds ?? []).Distinct().ToList();
        if (topicIds.Count == 0) throw new ValidationFailure("TopicIds", "Deliberation.Error.AgendaEmpty");
        var topics = await db.Topics.Where(t => topicIds.Contains(t.Id) && t.CommunityId == communityId).ToListAsync(ct);
        if (topics.Count != topicIds.Count) throw new ValidationFailure("TopicIds", "Deliberation.Error.TopicUnknown");
        foreach (var t in topics) t.StartMeeting(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Meetings.Add(meeting);
        await SaveAsync(ct);
        var position = 0;
        foreach (var id in topicIds) db.MeetingItems.Add(new MeetingItem(meeting.Id, id, ++position));
        foreach (var t in topics) await notifier.TellAsync(t, "topic.meeting", "Deliberation.Notice.Meeting", now, meeting.Title, ct);
        await SaveAsync(ct);
        await tx.CommitAsync(ct);
        return meeting.Id;
    }

    private async Task<Meeting> ForStaffAsync(long id, Capability capability, CancellationToken ct)
    {
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFound();
        if (!await access.IsStaffForAsync(meeting.CommunityId, ct)) throw new NotFound();
        var allowed = capability == Capability.ManageDeliberation ? await access.CanManageAsync(meeting.CommunityId, ct) : await access.CanRecordAsync(meeting.CommunityId, ct);
        if (!allowed) throw new Forbidden();
        return meeting;
    }

    public async Task<long> InviteAsync(long id, AttendeeInput input, CancellationToken ct = default)
    {
        var meeting = await ForStaffAsync(id, Capability.ManageDeliberation, ct);
        string? userId = null;
        if (!string.IsNullOrWhiteSpace(input.UserName))
            userId = await db.Users.Where(u => u.UserName == input.UserName.Trim()).Select(u => u.Id).FirstOrDefaultAsync(ct)
                     ?? throw new ValidationFailure("UserName", "Deliberation.Error.UserUnknown");
        var attendee = new MeetingAttendee(meeting.Id, input.Name, input.Capacity ?? 0, input.Organisation, userId);
        db.MeetingAttendees.Add(attendee);
        await db.SaveChangesAsync(ct);
        return attendee.Id;
    }

    // 工作人员勾选签到.
    public async Task TickAsync(long id, long attendeeId, CancellationToken ct = default)
    {
        var meeting = await ForStaffAsync(id, Capability.RecordBallots, ct);
        var attendee = await db.MeetingAttendees.FirstOrDefaultAsync(a => a.Id == attendeeId && a.MeetingId == meeting.Id, ct) ?? throw new NotFound();
        attendee.SignIn(SignInMethod.StaffTick, Now);
        await db.SaveChangesAsync(ct);
    }

    // 扫码签到: the invited delegate scans the code shown at the door.
    public async Task SignInAsync(long id, SignInInput input, CancellationToken ct = default)
    {
        var me = user.RequiredId;
        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFound();
        var attendee = await db.MeetingAttendees.FirstOrDefaultAsync(a => a.MeetingId == id && a.UserId == me, ct) ?? throw new NotFound();
        if (!string.Equals(input.Code?.Trim(), meeting.SignInCode, StringComparison.Ordinal)) throw new ValidationFailure("Code", "Deliberation.Error.SignInCode");
        attendee.SignIn(SignInMethod.QrCode, Now);
        await db.SaveChangesAsync(ct);
    }

    public async Task MinutesAsync(long id, MinutesInput input, CancellationToken ct = default)
    {
        var meeting = await ForStaffAsync(id, Capability.ManageDeliberation, ct);
        meeting.RecordMinutes(input.Minutes, input.Version);
        await SaveAsync(ct);
    }

    // A resolution on one agenda item with the show of hands. When it decides the topic (rather than
    // sending it on to a vote of all residents or owners) the topic is resolved by it.
    public async Task ResolveItemAsync(long id, long itemId, ItemResolutionInput input, CancellationToken ct = default)
    {
        var meeting = await ForStaffAsync(id, Capability.ManageDeliberation, ct);
        var item = await db.MeetingItems.FirstOrDefaultAsync(i => i.Id == itemId && i.MeetingId == meeting.Id, ct) ?? throw new NotFound();
        var present = await db.MeetingAttendees.CountAsync(a => a.MeetingId == meeting.Id && a.SignedInAt != null, ct);
        item.Resolve(input.Resolution, input.VotesFor, input.VotesAgainst, input.VotesAbstain, present);
        if (input.Decides)
        {
            var topic = await db.Topics.FirstAsync(t => t.Id == item.TopicId, ct);
            topic.Resolve(item.Adopted == true, input.Resolution, Now);
            await notifier.TellAsync(topic, "topic.resolved", item.Adopted == true ? "Deliberation.Notice.Adopted" : "Deliberation.Notice.Rejected", Now, ct: ct);
        }
        await SaveAsync(ct);
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        await db.SaveOrConflictAsync("Deliberation.Error.Changed", ct);
    }
}
