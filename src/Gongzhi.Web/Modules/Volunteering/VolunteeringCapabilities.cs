namespace Gongzhi.Web.Platform.Accounts;

// This module's capabilities (see Platform/Accounts/Capability.cs); granted in its Add<Module>().
public readonly partial record struct Capability
{
    // Teams, activities and shifts, hours, the points supermarket, honours review.
    public static readonly Capability ManageVolunteering = new(nameof(ManageVolunteering));
    // Approve discretionary awards, reverse postings, set the earning rules.
    public static readonly Capability ApprovePoints = new(nameof(ApprovePoints));
    // An alliance merchant checks a volunteer's code at the counter.
    public static readonly Capability VerifyMerchantCodes = new(nameof(VerifyMerchantCodes));
}
