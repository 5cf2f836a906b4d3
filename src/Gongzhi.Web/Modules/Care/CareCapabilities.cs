namespace Gongzhi.Web.Platform.Accounts;

// This module's capabilities (see Platform/Accounts/Capability.cs); granted in AddCare().
public readonly partial record struct Capability
{
    // See care recipients in one's scope and record visits to them.
    public static readonly Capability VisitCare = new(nameof(VisitCare));
    // Add recipients, set plans, pause and end; publish and confirm small wishes.
    public static readonly Capability ManageCare = new(nameof(ManageCare));
    // Health and living notes: sensitive, each read audited.
    public static readonly Capability SeeCareNotes = new(nameof(SeeCareNotes));
}
