using Gongzhi.Web.Modules.Volunteering;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Honours;
using Gongzhi.Web.Modules.Volunteering.Merchants;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;

namespace Gongzhi.Web.Data;

// Volunteering's tables on the one DbContext (`db.Volunteers`). Each module declares its own part of this
// partial class in its own folder, so GongzhiDb.cs names no module and one DbContext keeps one
// migration order. (Properties, not C# 14 extension properties: expression trees may not hold
// those, and queries use these sets inside lambdas.)
public sealed partial class GongzhiDb
{
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
}
