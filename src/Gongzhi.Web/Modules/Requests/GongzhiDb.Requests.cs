using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Requests.Deadlines;

namespace Gongzhi.Web.Data;

// Requests's tables on the one DbContext (`db.CaseCategories`). Each module declares its own part of this
// partial class in its own folder, so GongzhiDb.cs names no module and one DbContext keeps one
// migration order. (Properties, not C# 14 extension properties: expression trees may not hold
// those, and queries use these sets inside lambdas.)
public sealed partial class GongzhiDb
{
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
}
