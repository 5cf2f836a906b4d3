namespace Gongzhi.Web.Platform.Accounts;

// What a role may do, whatever the place; where it may do it is the data scope. Each module
// declares its own capabilities in its folder as another part of this struct (so every call site
// reads Capability.HandleCases) and grants them to roles in its Add<Module>() with AddGrant.
// Platform declares only the ones that belong to no module.
public readonly partial record struct Capability(string Name)
{
    public static readonly Capability ManageAccounts = new(nameof(ManageAccounts));
    public static readonly Capability ViewAudit = new(nameof(ViewAudit));
    // Personal data that identifies: a full phone number instead of 138****5678.
    public static readonly Capability SeeFullPhone = new(nameof(SeeFullPhone));
    // Register webhooks for other systems and read their delivery logs (administrators only).
    public static readonly Capability ManageWebhooks = new(nameof(ManageWebhooks));

    public override string ToString() => Name;
}
