using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Projects;

public sealed record OrganisationInput(long? CommunityId, string? Name, OrgField? Field, string? Station, string? LeaderName, string? LeaderUserName, string? Description, DateOnly? Since);
public sealed record StageInput(OrgStage? Stage, DateOnly? On, string? Number, int Version);
public sealed record DescribeInput(string? Description, string? Station, int Version);
public sealed record MemberInput(string? Name, long? ResidentId);
public sealed record OrgReviewInput(int? Year, OrgRating? Rating, string? Note);

// Staff register organisations of their communities and move them along 培育 → 孵化 → 备案/登记;
// the leader keeps the organisation's own page and member list.
public sealed class OrganisationCommands(GongzhiDb db, ProjectsAccess access, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<long> CreateAsync(OrganisationInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageProjects);
        if (input.CommunityId is not { } community || !(await access.ManagedCommunitiesAsync(ct)).Contains(community))
            throw new ValidationFailure("CommunityId", "Projects.Error.CommunityUnknown");
        string? leaderId = null;
        if (!string.IsNullOrWhiteSpace(input.LeaderUserName))
        {
            var userName = input.LeaderUserName.Trim();
            leaderId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).FirstOrDefaultAsync(ct)
                       ?? throw new ValidationFailure("LeaderUserName", "Projects.Error.AccountUnknown");
        }
        var org = new Organisation(community, input.Name, input.Field ?? 0, input.Station, input.LeaderName, leaderId, input.Description,
            input.Since ?? ProjectsTime.Today(Now), Now);
        if (await db.Set<Organisation>().AnyAsync(o => o.CommunityId == community && o.Name == org.Name, ct))
            throw new DuplicateFailure("Name", "Projects.Error.OrgNameTaken");
        db.Add(org);
        await SaveUniqueAsync(ct);
        return org.Id;
    }

    private async Task SaveUniqueAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            throw new DuplicateFailure("Name", "Projects.Error.OrgNameTaken");
        }
    }

    public async Task AdvanceAsync(long id, StageInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageProjects);
        var org = await access.OrganisationToManageAsync(id, ct);
        org.CheckVersion(input.Version);
        org.Advance(input.Stage ?? throw new ValidationFailure("Stage", "Validation.Required"), input.On ?? ProjectsTime.Today(Now), input.Number);
        await db.SaveChangesAsync(ct);
    }

    public async Task DescribeAsync(long id, DescribeInput input, CancellationToken ct = default)
    {
        var org = await access.OrganisationToActForAsync(id, ct);
        org.CheckVersion(input.Version);
        org.Describe(input.Description, input.Station);
        await db.SaveChangesAsync(ct);
    }

    public async Task<long> AddMemberAsync(long id, MemberInput input, CancellationToken ct = default)
    {
        var org = await access.OrganisationToActForAsync(id, ct);
        if (input.ResidentId is { } rid)
        {
            // A member from the registry must live in the organisation's community.
            var inCommunity = await (from r in db.Residents
                                     join h in db.Households on r.HouseholdId equals h.Id
                                     join e in db.Estates on h.EstateId equals e.Id
                                     where r.Id == rid && e.CommunityId == org.CommunityId
                                     select r.Id).AnyAsync(ct);
            if (!inCommunity) throw new ValidationFailure("ResidentId", "Projects.Error.ResidentUnknown");
            if (await db.Set<OrgMember>().AnyAsync(m => m.OrganisationId == id && m.ResidentId == rid, ct))
                throw new DuplicateFailure("ResidentId", "Projects.Error.AlreadyMember");
        }
        var member = new OrgMember(id, input.Name, input.ResidentId, Now);
        db.Add(member);
        await db.SaveChangesAsync(ct);
        return member.Id;
    }

    // The page's way to link a member to the registry: a resident of the organisation's community
    // found by name, and by door (the room at the end of "3栋2单元501") when the name is not unique.
    public async Task<long> LinkResidentAsync(long id, string? name, string? address, CancellationToken ct = default)
    {
        var org = await access.OrganisationToActForAsync(id, ct);
        var who = Guard.Text(name, 30, "ResidentId");
        var matches = await (from r in db.Residents
                             join h in db.Households on r.HouseholdId equals h.Id
                             join e in db.Estates on h.EstateId equals e.Id
                             where e.CommunityId == org.CommunityId && r.Name == who && r.Status == ResidentStatus.Active
                             select new { r.Id, h.Room }).ToListAsync(ct);
        var door = address?.Trim();
        if (!string.IsNullOrEmpty(door)) matches = matches.Where(m => m.Room.Length > 0 && door.EndsWith(m.Room, StringComparison.Ordinal)).ToList();
        if (matches.Count == 0) throw new ValidationFailure("ResidentId", "Projects.Error.ResidentUnknown");
        if (matches.Count > 1) throw new ValidationFailure("ResidentId", "Projects.Error.ResidentAmbiguous", matches.Count);
        return await AddMemberAsync(id, new MemberInput(who, matches[0].Id), ct);
    }

    public async Task ReviewAsync(long id, OrgReviewInput input, CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageProjects);
        await access.OrganisationToManageAsync(id, ct);
        var year = input.Year ?? ProjectsTime.Today(Now).Year;
        if (await db.Set<OrgReview>().AnyAsync(r => r.OrganisationId == id && r.Year == year, ct))
            throw new DuplicateFailure("Year", "Projects.Error.YearReviewed", year);
        db.Add(new OrgReview(id, year, input.Rating ?? 0, input.Note, access.User.RequiredId, Now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            throw new DuplicateFailure("Year", "Projects.Error.YearReviewed", year);
        }
    }
}
