using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Residents;
using Gongzhi.Web.Modules.Volunteering.Points;

namespace Gongzhi.Web.Modules.Volunteering;

public sealed record VolunteerInput(string? Skills, string? Availability);
public sealed record TeamInput(long? CommunityId, string? Name, string? Description);
public sealed record MemberInput(long VolunteerId, bool Leader);

public sealed class VolunteerCommands(GongzhiDb db, VolunteeringAccess access, PointsLedger ledger, TimeProvider clock)
{
    // A resident registers once; registering again updates skills and availability.
    public async Task<long> RegisterAsync(VolunteerInput input, CancellationToken ct = default)
    {
        var user = access.User;
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        var existing = await access.MeOrNullAsync(ct);
        if (existing is not null)
        {
            existing.Update(input.Skills, input.Availability);
            await db.SaveChangesAsync(ct);
            return existing.Id;
        }
        var communityId = await access.HomeCommunityAsync(ct) ?? throw new ValidationFailure("Community", "Volunteering.Error.NoCommunity");
        var userId = user.RequiredId;
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.ResidentId, u.PhoneNumber }).FirstAsync(ct);
        var name = account.ResidentId is null ? account.DisplayName
            : await db.Residents.Where(r => r.Id == account.ResidentId).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? account.DisplayName;
        var volunteer = new Volunteer(userId, account.ResidentId, communityId, string.IsNullOrWhiteSpace(name) ? user.Name : name, account.PhoneNumber,
            input.Skills, input.Availability, clock.GetUtcNow().UtcDateTime);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Volunteers.Add(volunteer);
            await db.SaveChangesAsync(ct);
            await AccountForAsync(volunteer, ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return (await access.MeAsync(ct)).Id;
        }
        return volunteer.Id;
    }

    public Task<long> AccountForAsync(Volunteer v, CancellationToken ct = default) =>
        ledger.AccountAsync(AccountKind.Volunteer, PointsAccount.VolunteerCode(v.Id), v.Name, v.CommunityId, v.Id, null, ct);

    public async Task<long> CreateTeamAsync(TeamInput input, CancellationToken ct = default)
    {
        // The role before the input: someone who may never create a team is told so, not asked for a community.
        access.User.Require(Platform.Accounts.Capability.ManageVolunteering);
        var communityId = input.CommunityId ?? await access.HomeCommunityAsync(ct) ?? throw new ValidationFailure("CommunityId", "Validation.Required");
        await access.RequireManageAsync(communityId, ct);
        var team = new Team(communityId, input.Name ?? "", input.Description, clock.GetUtcNow().UtcDateTime);
        db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        return team.Id;
    }

    // Staff of the community, or a leader of the team, add members; a volunteer may join by themselves.
    public async Task AddMemberAsync(long teamId, MemberInput input, CancellationToken ct = default)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == teamId, ct) ?? throw new NotFound();
        var me = await access.MeOrNullAsync(ct);
        var self = me?.Id == input.VolunteerId && !input.Leader;
        if (!self && !await access.CanManageCommunityAsync(team.CommunityId, ct) && !await access.LeadsTeamAsync(teamId, ct)) throw new NotFound();
        if (!await db.Volunteers.AnyAsync(v => v.Id == input.VolunteerId, ct)) throw new ValidationFailure("VolunteerId", "Volunteering.Error.VolunteerUnknown");
        var member = await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == teamId && m.VolunteerId == input.VolunteerId, ct);
        if (member is null) db.TeamMembers.Add(new TeamMember(teamId, input.VolunteerId, input.Leader, clock.GetUtcNow().UtcDateTime));
        else member.MakeLeader(input.Leader);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new ConcurrencyConflict();
        }
    }
}
