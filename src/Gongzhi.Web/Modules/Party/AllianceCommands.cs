using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Registry.Residents;

namespace Gongzhi.Web.Modules.Party;

public sealed record UnitInput(long? CommunityId, string? Name, UnitKind? Kind, string? ContactName, string? ContactPhone, string? ContactUserName, DateOnly? JoinedOn);
public sealed record ItemInput(long? CommunityId, ListSide? Side, long? UnitId, string? Title, string? Detail);
public sealed record MatchInput(long? ResourceId, long? NeedId, string? Title);
public sealed record CloseInput(ProjectStatus? Status, string? Outcome, int Version);
public sealed record JointMeetingInput(long? CommunityId, string? Title, string? Place, DateTime? StartsAt);
public sealed record LeaveInput(DateOnly? On);
public sealed record JointMeetingCreated(long Id, long MeetingId, int Number, long ChairUnitId, string Chair);

// 共驻共建: units join the community's alliance; the alliance keeps its three lists and meets.
public sealed class AllianceCommands(GongzhiDb db, PartyAccess access)
{
    public async Task<long> AddUnitAsync(UnitInput input, CancellationToken ct = default)
    {
        access.RequireManagerRole();
        var communityId = input.CommunityId ?? throw new ValidationFailure("CommunityId", "Validation.Required");
        await access.RequireManageAsync(communityId, ct);
        string? contactUserId = null;
        if (!string.IsNullOrWhiteSpace(input.ContactUserName))
        {
            var normalized = input.ContactUserName.Trim().ToUpperInvariant();
            contactUserId = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct)
                            ?? throw new ValidationFailure("ContactUserName", "Party.Error.UnknownAccount");
        }
        var unit = new PartnerUnit(communityId, input.Name, input.Kind ?? 0, input.ContactName, input.ContactPhone, contactUserId, input.JoinedOn ?? access.Today);
        if (await db.Set<PartnerUnit>().AnyAsync(u => u.CommunityId == communityId && u.Name == unit.Name, ct)) throw new DuplicateFailure("Name", "Party.Error.UnitExists");
        db.Add(unit);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw new DuplicateFailure("Name", "Party.Error.UnitExists");
        }
        return unit.Id;
    }

    // A unit leaves the alliance (its history stays): from that day it offers nothing new, is not
    // invited to joint meetings, and its members can no longer report in to it.
    public async Task LeaveAsync(long unitId, LeaveInput input, CancellationToken ct = default)
    {
        var unit = await db.Set<PartnerUnit>().FirstOrDefaultAsync(u => u.Id == unitId, ct) ?? throw new NotFound();
        await access.RequireManageAsync(unit.CommunityId, ct);
        var on = input.On ?? access.Today;
        if (on > access.Today.AddDays(90)) throw new ValidationFailure("LeftOn", "Party.Error.LeaveTooLate");
        unit.Leave(on);
        await db.SaveChangesAsync(ct);
    }

    public async Task<long> AddItemAsync(ItemInput input, CancellationToken ct = default)
    {
        access.RequireManagerRole();
        var communityId = input.CommunityId ?? throw new ValidationFailure("CommunityId", "Validation.Required");
        await access.RequireManageAsync(communityId, ct);
        if (input.UnitId is { } unitId && !await db.Set<PartnerUnit>().AnyAsync(u => u.Id == unitId && u.CommunityId == communityId, ct))
            throw new ValidationFailure("UnitId", "Party.Error.UnitUnknown");
        var item = new AllianceItem(communityId, input.Side ?? 0, input.UnitId, input.Title, input.Detail, access.Now);
        db.Add(item);
        await db.SaveChangesAsync(ct);
        return item.Id;
    }

    // Staff match a resource to a need. Both lines carry a Version: two people matching the same
    // need at once both read it open, and only the first write finds the version it read.
    public async Task<long> MatchAsync(MatchInput input, CancellationToken ct = default)
    {
        access.RequireManagerRole();
        var resource = await db.Set<AllianceItem>().FirstOrDefaultAsync(i => i.Id == input.ResourceId, ct) ?? throw new ValidationFailure("ResourceId", "Party.Error.ItemUnknown");
        await access.RequireManageAsync(resource.CommunityId, ct);
        var need = await db.Set<AllianceItem>().FirstOrDefaultAsync(i => i.Id == input.NeedId && i.CommunityId == resource.CommunityId, ct)
                   ?? throw new ValidationFailure("NeedId", "Party.Error.ItemUnknown");
        var project = new AllianceProject(resource, need, input.Title, access.User.RequiredId, access.Now);
        db.Add(project);
        await SaveOrConflictAsync(ct);
        return project.Id;
    }

    public async Task CloseAsync(long projectId, CloseInput input, CancellationToken ct = default)
    {
        var project = await db.Set<AllianceProject>().FirstOrDefaultAsync(p => p.Id == projectId, ct) ?? throw new NotFound();
        await access.RequireManageAsync(project.CommunityId, ct);
        var items = await db.Set<AllianceItem>().Where(i => i.Id == project.ResourceId || i.Id == project.NeedId).ToListAsync(ct);
        project.Close(input.Status ?? throw new ValidationFailure("Status", "Validation.Required"), input.Outcome, input.Version,
            items.Single(i => i.Id == project.ResourceId), items.Single(i => i.Id == project.NeedId), access.Now);
        await SaveOrConflictAsync(ct);
    }

    // 联席会议: a Deliberation meeting whose attendees are the units' contacts, chaired by the next
    // unit in turn. The meeting's number is unique per community, so two planned at once cannot
    // both take the same turn: the second is told to reload.
    public async Task<JointMeetingCreated> PlanMeetingAsync(JointMeetingInput input, CancellationToken ct = default)
    {
        access.RequireManagerRole();
        var communityId = input.CommunityId ?? throw new ValidationFailure("CommunityId", "Validation.Required");
        await access.RequireManageAsync(communityId, ct);
        var today = access.Today;
        var units = await db.Set<PartnerUnit>().AsNoTracking().Where(u => u.CommunityId == communityId && u.JoinedOn <= today && (u.LeftOn == null || u.LeftOn > today))
            .OrderBy(u => u.Id).ToListAsync(ct);
        var last = await db.Set<JointMeeting>().AsNoTracking().Where(j => j.CommunityId == communityId).OrderByDescending(j => j.Number).FirstOrDefaultAsync(ct);
        var chairId = JointMeeting.NextChair(units.Select(u => u.Id).ToList(), last?.ChairUnitId);
        var chair = units.Single(u => u.Id == chairId);
        var startsAt = input.StartsAt is { } at ? ToUtc(at) : throw new ValidationFailure("StartsAt", "Validation.Required");
        var meeting = new Meeting(communityId, MeetingKind.AllianceJoint, input.Title, input.Place, startsAt, access.Now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(meeting);
        await db.SaveChangesAsync(ct);
        foreach (var u in units)
            db.Add(new MeetingAttendee(meeting.Id, u.ContactName, DelegateCapacity.PartnerUnit, u.Name, u.ContactUserId));
        var joint = new JointMeeting(communityId, (last?.Number ?? 0) + 1, meeting.Id, chairId);
        db.Add(joint);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw new ConcurrencyConflict("Party.Error.MeetingRace");
        }
        await tx.CommitAsync(ct);
        return new JointMeetingCreated(joint.Id, meeting.Id, joint.Number, chairId, chair.Name);
    }

    // A time without an offset is Beijing time (UTC+8 all year).
    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value.AddHours(-8), DateTimeKind.Utc),
    };

    private Task SaveOrConflictAsync(CancellationToken ct) => db.SaveOrConflictAsync("Party.Error.Changed", ct);
}
