using Gongzhi.Web.Modules.Activities.Appointments;
using Gongzhi.Web.Modules.Activities.Calendars;
using Gongzhi.Web.Modules.Activities.Events;
using Gongzhi.Web.Modules.Activities.Venues;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Modules.Volunteering;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Honours;
using Gongzhi.Web.Modules.Volunteering.Merchants;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Notifications;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gongzhi.Web.Data;

public sealed class GongzhiDb(DbContextOptions<GongzhiDb> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Subdistrict> Subdistricts => Set<Subdistrict>();
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Grid> Grids => Set<Grid>();
    public DbSet<Estate> Estates => Set<Estate>();
    public DbSet<Building> Buildings => Set<Building>();
    public DbSet<Entrance> Entrances => Set<Entrance>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Resident> Residents => Set<Resident>();
    public DbSet<NameGram> NameGrams => Set<NameGram>();
    public DbSet<CareTag> CareTags => Set<CareTag>();
    public DbSet<Ownership> Ownerships => Set<Ownership>();
    public DbSet<DutyPost> DutyPosts => Set<DutyPost>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<CaseCategory> CaseCategories => Set<CaseCategory>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<DepartmentMember> DepartmentMembers => Set<DepartmentMember>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<CasePhoto> CasePhotos => Set<CasePhoto>();
    public DbSet<DisputeParty> DisputeParties => Set<DisputeParty>();
    public DbSet<MediationSession> MediationSessions => Set<MediationSession>();
    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();
    public DbSet<Volunteer> Volunteers => Set<Volunteer>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<VolunteerActivity> VolunteerActivities => Set<VolunteerActivity>();
    public DbSet<Shift> Shifts => Set<Shift>();
    public DbSet<ShiftSignup> ShiftSignups => Set<ShiftSignup>();
    public DbSet<PointsAccount> PointsAccounts => Set<PointsAccount>();
    public DbSet<PointsTransaction> PointsTransactions => Set<PointsTransaction>();
    public DbSet<PointsEntry> PointsEntries => Set<PointsEntry>();
    public DbSet<PointsRule> PointsRules => Set<PointsRule>();
    public DbSet<PointsAward> PointsAwards => Set<PointsAward>();
    public DbSet<Reward> Rewards => Set<Reward>();
    public DbSet<Redemption> Redemptions => Set<Redemption>();
    public DbSet<Merchant> Merchants => Set<Merchant>();
    public DbSet<MerchantOffer> MerchantOffers => Set<MerchantOffer>();
    public DbSet<MerchantCode> MerchantCodes => Set<MerchantCode>();
    public DbSet<HonourKind> HonourKinds => Set<HonourKind>();
    public DbSet<Nomination> Nominations => Set<Nomination>();
    public DbSet<Venue> Venues => Set<Venue>();
    public DbSet<Booking> Bookings => Set<Booking>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<EventSession> EventSessions => Set<EventSession>();
    public DbSet<Registration> Registrations => Set<Registration>();
    public DbSet<CheckIn> CheckIns => Set<CheckIn>();
    public DbSet<EventPhoto> EventPhotos => Set<EventPhoto>();
    public DbSet<CentreService> CentreServices => Set<CentreService>();
    public DbSet<AppointmentSlot> AppointmentSlots => Set<AppointmentSlot>();
    public DbSet<Appointment> Appointments => Set<Appointment>();
    public DbSet<CalendarToken> CalendarTokens => Set<CalendarToken>();
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

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AddPendingLines();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AddPendingLines();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    // The timeline lines that entities' moves wrote (ITimeline) are saved with the moves themselves.
    private void AddPendingLines()
    {
        foreach (var entity in ChangeTracker.Entries<ITimeline>().Select(e => e.Entity).ToList())
            foreach (var line in entity.TakePendingLines()) Add(line);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GongzhiDb).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite forgets the kind, so restore it on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
