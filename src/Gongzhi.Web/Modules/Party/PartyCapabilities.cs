namespace Gongzhi.Web.Platform.Accounts;

// This module's capabilities (see Platform/Accounts/Capability.cs); granted in AddParty().
public readonly partial record struct Capability
{
    // The party organisation tree and its posts, members, co-building units, the alliance's lists and joint meetings.
    public static readonly Capability ManageParty = new(nameof(ManageParty));
    // Who is a party member, unmasked (political status is sensitive): every such view is audited.
    public static readonly Capability ViewPartyMembers = new(nameof(ViewPartyMembers));
}
