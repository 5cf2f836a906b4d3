namespace Gongzhi.Web.Platform.Accounts;

// This module's capabilities (see Platform/Accounts/Capability.cs); granted in AddAdministration().
public readonly partial record struct Capability
{
    // Set up and change the place tree and the organisations cases go to, within one's scope.
    public static readonly Capability ManagePlaces = new(nameof(ManagePlaces));
}

public readonly partial record struct Capability
{
    // See and carry out residents' requests to close their accounts (PIPL), within one's scope.
    public static readonly Capability HandleAccountClosures = new(nameof(HandleAccountClosures));
}
