using Gongzhi.Web.Modules.Deliberation;

namespace Gongzhi.Web.Data;

// Deliberation's tables on the one DbContext (`db.Topics`). Each module declares its own part of this
// partial class in its own folder, so GongzhiDb.cs names no module and one DbContext keeps one
// migration order. (Properties, not C# 14 extension properties: expression trees may not hold
// those, and queries use these sets inside lambdas.)
public sealed partial class GongzhiDb
{
    public DbSet<Topic> Topics => Set<Topic>();
    public DbSet<TopicSupport> TopicSupports => Set<TopicSupport>();
    public DbSet<TopicCase> TopicCases => Set<TopicCase>();
    public DbSet<TopicFollower> TopicFollowers => Set<TopicFollower>();
    public DbSet<Consultation> Consultations => Set<Consultation>();
    public DbSet<ConsultationResponse> ConsultationResponses => Set<ConsultationResponse>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<MeetingItem> MeetingItems => Set<MeetingItem>();
    public DbSet<MeetingAttendee> MeetingAttendees => Set<MeetingAttendee>();
    public DbSet<Vote> Votes => Set<Vote>();
    public DbSet<VoteElector> VoteElectors => Set<VoteElector>();
    public DbSet<Ballot> Ballots => Set<Ballot>();
    public DbSet<Objection> Objections => Set<Objection>();
    public DbSet<Milestone> Milestones => Set<Milestone>();
}
