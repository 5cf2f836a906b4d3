namespace Gongzhi.Web.Platform.Accounts;

// This module's capabilities (see Platform/Accounts/Capability.cs); granted in its Add<Module>().
public readonly partial record struct Capability
{
    // Social organisations, project calls, funding decisions, milestone acceptance and releases of one's communities.
    public static readonly Capability ManageProjects = new(nameof(ManageProjects));
}
