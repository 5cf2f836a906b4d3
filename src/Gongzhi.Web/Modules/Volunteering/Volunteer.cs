namespace Gongzhi.Web.Modules.Volunteering;

// 志愿者: a resident who registered to serve. Demo volunteers may have no login account yet.
public sealed class Volunteer
{
    private Volunteer() { } // for EF

    public Volunteer(string? userId, long? residentId, long communityId, string name, string? phone, string? skills, string? availability, DateTime now)
    {
        UserId = userId;
        ResidentId = residentId;
        CommunityId = communityId;
        Name = Guard.Text(name, 30, "Name");
        Phone = phone;
        Update(skills, availability);
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string? UserId { get; private set; }
    public long? ResidentId { get; private set; }
    public long CommunityId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Phone { get; private set; }
    public string? Skills { get; private set; }
    public string? Availability { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public void Update(string? skills, string? availability)
    {
        Skills = Guard.OptionalText(skills, 200, "Skills");
        Availability = Guard.OptionalText(availability, 200, "Availability");
    }

    // 公示 lists show 张*明, not the full name.
    public static string Masked(string name) => name.Length switch
    {
        <= 1 => name,
        2 => name[0] + "*",
        _ => name[0] + new string('*', name.Length - 2) + name[^1],
    };
}

// 志愿服务队
public sealed class Team
{
    private Team() { } // for EF

    public Team(long communityId, string name, string? description, DateTime now)
    {
        CommunityId = communityId;
        Name = Guard.Text(name, 30, "Name");
        Description = Guard.OptionalText(description, 300, "Description");
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public DateTime CreatedAt { get; private set; }
}

public sealed class TeamMember
{
    private TeamMember() { } // for EF

    public TeamMember(long teamId, long volunteerId, bool isLeader, DateTime now)
    {
        TeamId = teamId;
        VolunteerId = volunteerId;
        IsLeader = isLeader;
        JoinedAt = now;
    }

    public long TeamId { get; private set; }
    public long VolunteerId { get; private set; }
    public bool IsLeader { get; private set; }
    public DateTime JoinedAt { get; private set; }

    public void MakeLeader(bool leader) => IsLeader = leader;
}
