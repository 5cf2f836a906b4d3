namespace Gongzhi.Web.Platform.Accounts;

// This module's capabilities (see Platform/Accounts/Capability.cs); granted in its Add<Module>().
public readonly partial record struct Capability
{
    // Events, check-in, venues and their bookings, service slots, appointments for residents (代办).
    public static readonly Capability ManageActivities = new(nameof(ManageActivities));
}
