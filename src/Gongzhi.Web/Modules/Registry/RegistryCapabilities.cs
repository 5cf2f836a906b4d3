namespace Gongzhi.Web.Platform.Accounts;

// This module's capabilities (see Platform/Accounts/Capability.cs); granted in its Add<Module>().
public readonly partial record struct Capability
{
    public static readonly Capability ViewRegistry = new(nameof(ViewRegistry));
    public static readonly Capability EditRegistry = new(nameof(EditRegistry));
    public static readonly Capability MoveHousehold = new(nameof(MoveHousehold));
    public static readonly Capability ManageDutyPosts = new(nameof(ManageDutyPosts));
    public static readonly Capability RevealIdNumber = new(nameof(RevealIdNumber));
    public static readonly Capability SeeCareTags = new(nameof(SeeCareTags));
    public static readonly Capability ImportExport = new(nameof(ImportExport));
}
