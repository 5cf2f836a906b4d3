namespace Gongzhi.Web.Platform.Accounts;

// This module's capabilities (see Platform/Accounts/Capability.cs); granted in its Add<Module>().
public readonly partial record struct Capability
{
    // Accept, work and resolve requests in one's grids.
    public static readonly Capability HandleCases = new(nameof(HandleCases));
    // Take a hotline call or record a door-to-door visit.
    public static readonly Capability EnterCases = new(nameof(EnterCases));
    // Pass on a neighbour's request (楼栋长转报).
    public static readonly Capability RelayCases = new(nameof(RelayCases));
    // Answer a case referred to one's property company or department.
    public static readonly Capability ReplyReferrals = new(nameof(ReplyReferrals));
    // The three rates.
    public static readonly Capability ViewCaseMetrics = new(nameof(ViewCaseMetrics));
    // Categories, deadlines, the working calendar, Open311 keys.
    public static readonly Capability ManageRequests = new(nameof(ManageRequests));
}
