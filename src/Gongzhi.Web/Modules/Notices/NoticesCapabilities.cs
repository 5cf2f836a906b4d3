namespace Gongzhi.Web.Platform.Accounts;

// This module's capabilities (see Platform/Accounts/Capability.cs); granted in AddNotices().
public readonly partial record struct Capability
{
    // Write, review, publish and withdraw notices for the places one's posts cover; see their reach.
    public static readonly Capability ManageNotices = new(nameof(ManageNotices));
    // See which households of one's building or entrance a notice has not reached, and record 已当面告知.
    public static readonly Capability TellInPerson = new(nameof(TellInPerson));
}
